using WebInfra.Topology.Loading;

namespace WebInfra.Monitoring.Tests;

/// <summary>The topology files in the repository's <c>topologies/</c> folder, as users run them.</summary>
internal static class ShippedTopologies
{
    public static string Folder { get; } = Path.Combine(RepositoryRoot(), "topologies");

    public static Topology.Model.Topology Load(string fileName) => TopologyLoader.Load(Path.Combine(Folder, fileName));

    /// <summary>The file <paramref name="fileName"/> with one piece of text replaced, read as if it sat beside the original.</summary>
    public static Topology.Model.Topology LoadWith(string fileName, string oldText, string newText)
    {
        var yaml = File.ReadAllText(Path.Combine(Folder, fileName));
        Assert.Contains(oldText, yaml, StringComparison.Ordinal);
        return TopologyLoader.Parse(yaml.Replace(oldText, newText, StringComparison.Ordinal), fileName, Folder);
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "WebInfra.slnx")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("repository root (WebInfra.slnx) not found above " + AppContext.BaseDirectory);
    }
}

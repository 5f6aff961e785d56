namespace WebInfra.FunctionalTests.Infrastructure;

/// <summary>The repository the tests run from, for the <c>webinfra</c> launcher and the site's files.</summary>
internal static class Repository
{
    public static string Root { get; } = FindRoot();

    public static string Launcher => Path.Combine(Root, "webinfra");

    public static string SiteFiles => Path.Combine(Root, "site");

    /// <summary>Copies the site's files into <paramref name="folder"/>, for a test that adds or changes files of its own.</summary>
    public static void CopySiteFilesTo(string folder)
    {
        foreach (var file in Directory.EnumerateFiles(SiteFiles, "*", SearchOption.AllDirectories))
        {
            var copy = Path.Combine(folder, Path.GetRelativePath(SiteFiles, file));
            Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
            File.Copy(file, copy);
        }
    }

    private static string FindRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "WebInfra.slnx")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("repository root (WebInfra.slnx) not found above " + AppContext.BaseDirectory);
    }
}

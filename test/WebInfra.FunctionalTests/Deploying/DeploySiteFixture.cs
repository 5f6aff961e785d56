using WebInfra.FunctionalTests.Infrastructure;
using WebInfra.Hosting.Releases;

namespace WebInfra.FunctionalTests.Deploying;

/// <summary>
/// The Python notes example (<c>examples/python-notes</c>) in the distributed design on these tests' own addresses
/// (127.0.49.x): a balancer, two servers each with a web server, the application and a database node, releases kept two
/// at a time and the canary watched for 2 s. The site's files and the application are copies in folders of the tests'
/// own, so a test can make a changed page and a changed application and deploy them.
/// </summary>
public sealed class DeploySiteFixture : IAsyncLifetime
{
    public static readonly string[] Servers = ["server-1", "server-2"];

    private const string Application = """app: { port: 18082, command: exec /usr/bin/python3 app.py, directory: {app}, health: /healthz, env: { PYTHONUNBUFFERED: "1" } }""";

    private readonly string _directory = Directory.CreateTempSubdirectory("webinfra-deploy-").FullName;

    internal TestSite Site { get; private set; } = null!;

    /// <summary>The folder the topology names for the site's files.</summary>
    internal string SiteFolder => Path.Combine(_directory, "site");

    /// <summary>The folder the topology names for the application.</summary>
    internal string AppFolder => Path.Combine(_directory, "app");

    public async Task InitializeAsync()
    {
        await WriteReleaseAsync(SiteFolder, AppFolder, "v1");
        var schema = Path.Combine(Repository.Root, "examples", "notes-common", "schema.sql");
        var topology = TestTopologies.Distributed
            .Replace("127.0.2.", "127.0.49.", StringComparison.Ordinal)
            .Replace("app: { port: 18082 }", Application.Replace("{app}", AppFolder, StringComparison.Ordinal), StringComparison.Ordinal)
            .Replace("  name: foobar", $"  name: notes\n  schema: {schema}\n  endpoints: {{ writer: 16446, reader: 16447 }}\ndeploy: {{ keep: 2, observe: 2s }}", StringComparison.Ordinal);
        Site = await TestSite.StartAsync(topology.Replace("{site}", SiteFolder, StringComparison.Ordinal));
    }

    /// <summary>
    /// A site folder whose <c>version.txt</c> says <paramref name="version"/>, and the notes application whose page
    /// footer says it too.
    /// </summary>
    internal static async Task WriteReleaseAsync(string site, string app, string version)
    {
        Directory.CreateDirectory(site);
        Directory.CreateDirectory(app);
        File.Copy(Path.Combine(Repository.Root, "examples", "notes-common", "static", "style.css"), Path.Combine(site, "style.css"), overwrite: true);
        await File.WriteAllTextAsync(Path.Combine(site, "version.txt"), version);
        var code = await File.ReadAllTextAsync(Path.Combine(Repository.Root, "examples", "python-notes", "app.py"));
        await File.WriteAllTextAsync(Path.Combine(app, "app.py"), code.Replace("(Python)", $"(Python, {version})", StringComparison.Ordinal));
    }

    /// <summary>A new folder of the test's own under the fixture's.</summary>
    internal string NewFolder(string name) => Directory.CreateDirectory(Path.Combine(_directory, name + "-" + Guid.NewGuid().ToString("N")[..8])).FullName;

    internal ReleaseStore Releases(string server) => new(Site.StateDirectory, server);

    public async Task DisposeAsync()
    {
        await Site.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }
}

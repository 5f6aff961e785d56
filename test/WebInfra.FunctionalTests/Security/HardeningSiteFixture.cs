using System.Net;
using WebInfra.Hosting.Releases;
using WebInfra.FunctionalTests.Infrastructure;

namespace WebInfra.FunctionalTests.Security;

/// <summary>
/// A balancer, a web server, an application server and a primary on these tests' own addresses (127.0.14.x), with
/// small limits so each can be crossed cheaply, and a copy of the site's files holding dotfiles that must never be
/// served.
/// </summary>
public sealed class HardeningSiteFixture : IAsyncLifetime
{
    public IPEndPoint Balancer { get; } = new(IPAddress.Parse("127.0.14.10"), 18480);

    public IPEndPoint WebAdmin { get; } = new(IPAddress.Parse("127.0.14.1"), 19481);

    /// <summary>The client address of the tests that are not about the rate limit; the rate limit's test uses others.</summary>
    public IPAddress Client { get; } = IPAddress.Parse("127.0.14.100");

    private const string Topology = """
        site:
          name: www.foobar.com
          files: {files}
          route_header: true
        servers:
          lb-01:
            address: 127.0.14.10
            components:
              balancer: { port: 18480, backend: web }
          server-1:
            address: 127.0.14.1
            components:
              web: { port: 18481, backend: app }
              app: { port: 18482 }
              db: { port: 13406, role: primary }
        backends:
          web:
            members: [server-1/web]
            health: { interval: 1s, timeout: 500ms, rise: 1, fall: 3 }
            timeouts: { client: 2s }
          app:
            members: [server-1/app]
        limits:
          header_size: 4kb
          headers: 30
          uri_length: 1kb
          body_size: 2kb
          rate: { requests: 20, per: 1s, burst: 20 }
        """;

    private readonly string _files = Directory.CreateTempSubdirectory("webinfra-files-").FullName;

    internal TestSite Site { get; private set; } = null!;

    /// <summary>
    /// The folder the site's web server serves, a copy the tests may change: server-1's release in service, made by
    /// <c>up</c> from the site's folder (which a change reaches only through <c>deploy</c>).
    /// </summary>
    internal string ServedFiles => new ReleaseStore(Site.StateDirectory, "server-1").CurrentSite!;

    public async Task InitializeAsync()
    {
        Repository.CopySiteFilesTo(_files);

        await File.WriteAllTextAsync(Path.Combine(_files, ".env"), "DATABASE_PASSWORD=secret-in-a-dotfile\n");
        Directory.CreateDirectory(Path.Combine(_files, "static", ".git"));
        await File.WriteAllTextAsync(Path.Combine(_files, "static", ".git", "config"), "secret-in-a-dotfile\n");
        Site = await TestSite.StartAsync(Topology.Replace("{files}", _files, StringComparison.Ordinal));
    }

    public async Task DisposeAsync()
    {
        await Site.DisposeAsync();
        Directory.Delete(_files, recursive: true);
    }
}

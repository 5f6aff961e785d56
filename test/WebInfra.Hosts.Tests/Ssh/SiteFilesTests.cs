using System.Formats.Tar;
using WebInfra.Hosts.Ssh;
using WebInfra.Topology.Loading;

namespace WebInfra.Hosts.Tests.Ssh;

public sealed class SiteFilesTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("webinfra-site-files-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task A_host_gets_the_topology_its_files_every_application_and_the_run_state_the_components_read_but_no_authoritys_key()
    {
        Write("site/index.html", "<h1>hi</h1>");
        Write("app-1/app.py", "print(1)");
        Write("app-2/app.py", "print(2)");
        var state = Path.Combine(_root, "state");
        Write("state/secrets/admin.json", "{}");
        Write("state/tls/ca.pem", "pem");
        Write("state/tls/ca.key", "secret");
        Write("state/tls/internal/ca.key", "secret");
        Write("state/tls/internal/server-1.key", "key");
        Write("state/releases/server-1/r1/app.py", "print(1)");
        Write("state/releases/server-2/r1/app.py", "print(2)");
        Write("state/logs/server-1-web.log", "log");
        Write("state/db/server-1/data/ibdata1", "data");
        File.CreateSymbolicLink(Path.Combine(state, "releases", "server-1", "current"), "r1");
        var topologyPath = Write("topology.yaml", """
            site: { name: www.foobar.com, files: site }
            hosts: ssh
            servers:
              lb-01:
                address: 203.0.113.10
                components:
                  balancer: { port: 8080, backend: web }
              server-1:
                address: 203.0.113.1
                components:
                  web: { port: 8081, backend: app }
                  app: { port: 8082, command: exec python3 app.py, directory: app-1 }
              server-2:
                address: 203.0.113.2
                components:
                  web: { port: 8081, backend: app }
                  app: { port: 8082, command: exec python3 app.py, directory: app-2 }
            backends:
              web: { members: [server-1/web, server-2/web] }
              app: { members: [server-1/app, server-2/app] }
            """);
        var topology = TopologyLoader.Load(topologyPath);
        var files = new SiteFiles(topology, state, new RemoteLayout(state));

        using var archive = new MemoryStream();
        await files.WriteAsync(topology.FindServer("server-1")!, archive, CancellationToken.None);
        archive.Position = 0;
        var entries = new Dictionary<string, TarEntry>();
        await using (var reader = new TarReader(archive))
        {
            while (await reader.GetNextEntryAsync() is { } entry)
            {
                entries[entry.Name] = entry;
            }
        }

        var siteFolder = "var/lib/webinfra/site" + _root;
        Assert.Contains(siteFolder + "/topology.yaml", entries.Keys);
        Assert.Contains(siteFolder + "/site/index.html", entries.Keys);
        Assert.Contains(siteFolder + "/app-1/app.py", entries.Keys);
        Assert.Contains(siteFolder + "/app-2/app.py", entries.Keys);
        Assert.Contains("var/lib/webinfra/state/secrets/admin.json", entries.Keys);
        Assert.Contains("var/lib/webinfra/state/tls/ca.pem", entries.Keys);
        Assert.Contains("var/lib/webinfra/state/tls/internal/server-1.key", entries.Keys);
        Assert.Contains("var/lib/webinfra/state/releases/server-1/r1/app.py", entries.Keys);
        Assert.Equal(TarEntryType.SymbolicLink, entries["var/lib/webinfra/state/releases/server-1/current"].EntryType);
        Assert.Equal("r1", entries["var/lib/webinfra/state/releases/server-1/current"].LinkName);
        Assert.DoesNotContain(entries.Keys, name => name.EndsWith("ca.key", StringComparison.Ordinal));
        Assert.DoesNotContain(entries.Keys, name => name.Contains("server-2", StringComparison.Ordinal) && name.Contains("releases", StringComparison.Ordinal));
        Assert.DoesNotContain(entries.Keys, name => name.Contains("/logs", StringComparison.Ordinal) || name.Contains("/db/", StringComparison.Ordinal));
    }

    private string Write(string relative, string text)
    {
        var path = Path.Combine(_root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }
}

using System.Diagnostics;
using WebInfra.FunctionalTests.Infrastructure;

namespace WebInfra.FunctionalTests.Security;

/// <summary>
/// <c>webinfra firewall export</c> checked by the kernel's own nftables: every server's ruleset of the secured preset
/// passes <c>nft -c</c>, and a ruleset loaded into a network namespace of the test's own lets the servers the topology
/// names in and drops everyone else (packages nftables and iproute2, which test.sh installs).
/// </summary>
public sealed class FirewallExportTests : IDisposable
{
    private const string Nft = "/usr/sbin/nft";
    private const string Ip = "/usr/sbin/ip";

    private readonly string _directory = Directory.CreateTempSubdirectory("webinfra-firewall-").FullName;

    [Theory]
    [InlineData("lb-01")]
    [InlineData("server-1")]
    [InlineData("server-2")]
    [InlineData("server-3")]
    public async Task Exported_ruleset_of_each_server_of_the_secured_preset_passes_nft_check(string server)
    {
        Assert.True(File.Exists(Nft), $"{Nft} is missing: install Debian's nftables package (test.sh does)");

        var rules = await ExportAsync(server, "topologies/secured-monitored.yaml");
        var check = await Infrastructure.Cli.RunProgramAsync(Nft, "-c", "-f", rules);

        Assert.True(check.ExitCode == 0, check.ToString());
    }

    [Fact]
    public async Task Unknown_server_is_named_with_the_servers_there_are()
    {
        var export = await Infrastructure.Cli.RunAsync("firewall", "export", "server-9", "topologies/secured-monitored.yaml");

        Assert.Equal(2, export.ExitCode);
        Assert.Contains("no server 'server-9'", export.Error, StringComparison.Ordinal);
        Assert.Contains("lb-01, server-1, server-2, server-3", export.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Loaded_ruleset_lets_in_the_balancer_and_operators_and_drops_everyone_else()
    {
        var topology = Path.Combine(_directory, "topology.yaml");
        await File.WriteAllTextAsync(topology, $$"""
            site:
              name: www.foobar.com
              files: {{Repository.SiteFiles}}
            servers:
              lb-01:
                address: 10.247.0.10
                components:
                  balancer: { port: 8080, backend: web }
              server-1:
                address: 10.247.0.1
                components:
                  web: { port: 8081, backend: app }
                  app: { port: 8082 }
                  db: { port: 3306, role: primary }
            backends:
              web:
                members: [server-1/web]
              app:
                members: [server-1/app]
            firewall:
              operators: [10.247.0.20]
            """);
        var rules = await ExportAsync("server-1", topology);
        var suffix = Environment.ProcessId % 100_000;
        var (server, client) = ($"wi-fw-s{suffix}", $"wi-fw-c{suffix}");
        Process? listener = null;
        try
        {
            await RunAsync(Ip, "netns", "add", server);
            await RunAsync(Ip, "netns", "add", client);
            await RunAsync(Ip, "link", "add", $"wis{suffix}", "netns", server, "type", "veth", "peer", "name", $"wic{suffix}", "netns", client);
            await RunAsync(Ip, "-n", server, "addr", "add", "10.247.0.1/24", "dev", $"wis{suffix}");
            foreach (var address in new[] { "10.247.0.10/24", "10.247.0.20/24", "10.247.0.99/24" })
            {
                await RunAsync(Ip, "-n", client, "addr", "add", address, "dev", $"wic{suffix}");
            }

            await RunAsync(Ip, "-n", server, "link", "set", $"wis{suffix}", "up");
            await RunAsync(Ip, "-n", client, "link", "set", $"wic{suffix}", "up");
            await RunAsync(Ip, "netns", "exec", server, Nft, "-f", rules);
            listener = StartListener(server);

            Assert.Equal("open", await ProbeAsync(client, "10.247.0.10", 8081));
            Assert.Equal("dropped", await ProbeAsync(client, "10.247.0.99", 8081));
            Assert.Equal("dropped", await ProbeAsync(client, "10.247.0.10", 8082));
            Assert.Equal("open", await ProbeAsync(client, "10.247.0.20", 9081));
            Assert.Equal("dropped", await ProbeAsync(client, "10.247.0.10", 9081));
        }
        finally
        {
            listener?.Kill(entireProcessTree: true);
            listener?.Dispose();
            await Infrastructure.Cli.RunProgramAsync(Ip, "netns", "del", server);
            await Infrastructure.Cli.RunProgramAsync(Ip, "netns", "del", client);
        }
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private async Task<string> ExportAsync(string server, string topology)
    {
        var export = await Infrastructure.Cli.RunAsync("firewall", "export", server, topology);
        Assert.True(export.ExitCode == 0, export.ToString());
        var path = Path.Combine(_directory, server + ".nft");
        await File.WriteAllTextAsync(path, export.Output);
        return path;
    }

    private static async Task RunAsync(string program, params string[] arguments)
    {
        var result = await Infrastructure.Cli.RunProgramAsync(program, arguments);
        Assert.True(result.ExitCode == 0, $"{program} {string.Join(' ', arguments)}: {result}");
    }

    /// <summary>A process in <paramref name="ns"/> that answers "hi" on the web server's port and on its admin and app ports, for a minute at most.</summary>
    private static Process StartListener(string ns)
    {
        const string script = """
            import socket, sys, threading, time
            def serve(port):
                s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); s.bind(("10.247.0.1", port)); s.listen()
                while True:
                    c, _ = s.accept(); c.sendall(b"hi\n"); c.close()
            for port in (8081, 8082, 9081):
                threading.Thread(target=serve, args=(port,), daemon=True).start()
            time.sleep(0.2); print("ready", flush=True); time.sleep(60)
            """;
        var start = new ProcessStartInfo(Ip) { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in new[] { "netns", "exec", ns, "python3", "-c", script })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start)!;
        Assert.Equal("ready", process.StandardOutput.ReadLine());
        return process;
    }

    /// <summary>Connects from <paramref name="source"/> in <paramref name="ns"/>: "open" when the listener answered, "dropped" when nothing came back in 2 s.</summary>
    private static async Task<string> ProbeAsync(string ns, string source, int port)
    {
        const string script = """
            import socket, sys
            s = socket.socket(); s.settimeout(2); s.bind((sys.argv[1], 0))
            try:
                s.connect(("10.247.0.1", int(sys.argv[2]))); print("open" if s.recv(3) == b"hi\n" else "closed")
            except socket.timeout:
                print("dropped")
            except ConnectionRefusedError:
                print("refused")
            """;
        var probe = await Infrastructure.Cli.RunProgramAsync(Ip, "netns", "exec", ns, "python3", "-c", script, source, port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(probe.ExitCode == 0, probe.ToString());
        return probe.Output.Trim();
    }
}

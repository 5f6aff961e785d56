using System.Net;
using System.Net.Sockets;
using WebInfra.Hosts.Loopback;
using WebInfra.Topology.Model;

namespace WebInfra.Hosts.Tests.Loopback;

/// <summary>The loopback kind of host with real processes: started detached, logged, signalled, stopped, and told apart from a pid reused.</summary>
public sealed class LoopbackHostDriverTests : IDisposable
{
    private readonly LoopbackHostDriver _hosts = new();
    private readonly string _directory = Directory.CreateTempSubdirectory("webinfra-hosts-").FullName;

    [Fact]
    public async Task A_started_process_runs_detached_writes_its_log_and_stops_on_SIGTERM()
    {
        var log = Path.Combine(_directory, "logs", "server-1-app.log");

        var process = _hosts.Start(Component(5000), "/bin/sh", ["-c", "echo started; trap 'echo stopping; exit 0' TERM; while :; do sleep 0.05; done"], log);
        await EventuallyAsync(() => _hosts.LogTail("server-1", log, 10).Contains("started"));
        Assert.True(_hosts.IsAlive(process));

        await _hosts.StopAsync([process], TimeSpan.FromSeconds(10), CancellationToken.None);

        Assert.False(_hosts.IsAlive(process));
        Assert.Equal(["started", "stopping"], _hosts.LogTail("server-1", log, 10));
    }

    [Fact]
    public async Task A_process_that_ignores_SIGTERM_is_killed_after_the_grace_period()
    {
        var process = _hosts.Start(Component(5000), "/bin/sh", ["-c", "trap '' TERM; echo up; while :; do sleep 0.05; done"], Path.Combine(_directory, "stubborn.log"));
        await EventuallyAsync(() => _hosts.LogTail("server-1", Path.Combine(_directory, "stubborn.log"), 1).Contains("up"));

        await _hosts.StopAsync([process], TimeSpan.FromMilliseconds(300), CancellationToken.None);

        Assert.False(_hosts.IsAlive(process));
    }

    [Fact]
    public void A_pid_whose_start_time_differs_is_not_the_process_and_is_never_signalled()
    {
        var impostor = new NodeProcess(Environment.ProcessId, StartTime: 1);

        Assert.False(_hosts.IsAlive(impostor));
        Assert.False(_hosts.Signal(impostor, ProcessSignal.Kill));
    }

    [Fact]
    public void A_port_in_use_on_the_servers_address_cannot_be_listened_on()
    {
        using var taken = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        taken.Bind(new IPEndPoint(IPAddress.Parse("127.0.31.1"), 0));
        taken.Listen();
        var port = ((IPEndPoint)taken.LocalEndPoint!).Port;

        Assert.NotNull(_hosts.CannotListen(Component(port)));
        Assert.Null(_hosts.CannotListen(Component(port) with { Address = IPAddress.Parse("127.0.31.2") }));
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static Component Component(int port) => new()
    {
        ServerName = "server-1",
        Kind = ComponentKind.App,
        Role = ComponentRole.App,
        Address = IPAddress.Parse("127.0.31.1"),
        Port = port,
        Location = new SourceLocation("test.yaml", 1, 1),
    };

    private static async Task EventuallyAsync(Func<bool> condition)
    {
        for (var deadline = DateTime.UtcNow.AddSeconds(10); !condition(); await Task.Delay(20))
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out");
        }
    }
}

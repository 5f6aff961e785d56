using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using WebInfra.Database.Failover;
using WebInfra.Database.Leadership;

namespace WebInfra.Database.Tests.Leadership;

/// <summary>
/// Two monitors' leaderships against a real etcd (Debian's <c>/usr/bin/etcd</c>, one member on 127.0.58.1): one leads,
/// only it can record a primary, and only over the record it read; its resignation hands the lead over. Without etcd
/// no monitor leads, and the problem says why.
/// </summary>
public sealed class EtcdMonitorLeadershipTests : IAsyncLifetime
{
    private const string Address = "127.0.58.1";
    private const int ClientPort = 12479;
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(20);

    private readonly TemporaryDirectory _directory = new();
    private readonly List<EtcdMonitorLeadership> _leaderships = [];
    private Process? _etcd;

    public async Task InitializeAsync()
    {
        var peer = $"http://{Address}:{ClientPort + 1}";
        _etcd = Process.Start(new ProcessStartInfo("/usr/bin/etcd",
        [
            "--name", "test", "--data-dir", _directory.Combine("etcd"),
            "--listen-client-urls", $"http://{Address}:{ClientPort}", "--advertise-client-urls", $"http://{Address}:{ClientPort}",
            "--listen-peer-urls", peer, "--initial-advertise-peer-urls", peer, "--initial-cluster", $"test={peer}",
            "--heartbeat-interval", "100", "--election-timeout", "1000",
        ]) { RedirectStandardError = true, RedirectStandardOutput = true })!;
        _etcd.ErrorDataReceived += (_, _) => { };
        _etcd.BeginErrorReadLine();
        using var http = new HttpClient();
        await EventuallyAsync(async () =>
        {
            try
            {
                return (await http.GetStringAsync(new Uri($"http://{Address}:{ClientPort}/health"))).Contains("\"true\"", StringComparison.Ordinal);
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }, "etcd answers healthy");
    }

    public async Task DisposeAsync()
    {
        foreach (var leadership in _leaderships)
        {
            await leadership.StopAsync(CancellationToken.None);
            leadership.Dispose();
        }

        _etcd?.Kill();
        await (_etcd?.WaitForExitAsync() ?? Task.CompletedTask);
        _etcd?.Dispose();
        _directory.Dispose();
    }

    [Fact]
    public async Task Only_the_elected_monitor_records_a_primary_and_its_resignation_hands_the_lead_over()
    {
        var first = await StartAsync("mon-01/monitor", ClientPort);
        await EventuallyAsync(() => Task.FromResult(first.Current.IsLeader), "mon-01 leads");
        var second = await StartAsync("mon-02/monitor", ClientPort);
        await EventuallyAsync(() => Task.FromResult(second.Current.Leader == "mon-01/monitor"), "mon-02 sees mon-01 lead");

        Assert.False(second.Current.IsLeader);
        Assert.Null(await second.RecordPrimaryAsync("server-2/db", null, CancellationToken.None));
        var recorded = await first.RecordPrimaryAsync("server-1/db", null, CancellationToken.None);
        Assert.Equal(new PrimaryEpoch("server-1/db", 1), recorded);
        Assert.Null(await first.RecordPrimaryAsync("server-3/db", null, CancellationToken.None));

        await first.StopAsync(CancellationToken.None);
        await EventuallyAsync(() => Task.FromResult(second.Current.IsLeader), "mon-02 leads once mon-01 resigned");
        Assert.Equal(recorded, await second.ReadPrimaryAsync(CancellationToken.None));
        Assert.Equal(new PrimaryEpoch("server-2/db", 2), await second.RecordPrimaryAsync("server-2/db", recorded, CancellationToken.None));
        Assert.Equal(new PrimaryEpoch("server-2/db", 2), new PrimaryRecord(_directory.Path).Read());
    }

    [Fact]
    public async Task Without_etcd_no_monitor_leads_and_the_problem_says_why()
    {
        var cut = await StartAsync("mon-01/monitor", ClientPort + 10);

        await EventuallyAsync(() => Task.FromResult(cut.Current.Problem?.Contains("etcd cannot be reached", StringComparison.Ordinal) == true), "the problem names etcd");
        Assert.False(cut.Current.IsLeader);
        Assert.Null(cut.Current.Leader);
        Assert.Null(await cut.RecordPrimaryAsync("server-2/db", null, CancellationToken.None));
        await Assert.ThrowsAsync<InvalidOperationException>(() => cut.ReadPrimaryAsync(CancellationToken.None));
    }

    private async Task<EtcdMonitorLeadership> StartAsync(string monitor, int port)
    {
        var leadership = new EtcdMonitorLeadership(
            monitor, "www.foobar.com", [new Uri($"http://{Address}:{port}")], new PrimaryRecord(_directory.Path), TimeProvider.System, NullLogger<EtcdMonitorLeadership>.Instance);
        _leaderships.Add(leadership);
        await leadership.StartAsync(CancellationToken.None);
        return leadership;
    }

    private static async Task EventuallyAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + s_wait;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"gave up waiting until {what}");
            await Task.Delay(100);
        }
    }
}

using WebInfra.Hosting.Vrrp;

namespace WebInfra.Hosting.Tests.Vrrp;

public sealed class VrrpEventsTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    [Fact]
    public void Keepalived_lines_become_events_and_takeovers_are_counted_while_keepalived_runs()
    {
        var files = new KeepalivedFiles(_directory.Path, "lb-02");
        var start = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000);
        VrrpEvents.RecordStart(files, ["www", "api"], start);
        Assert.Equal(("www", VrrpState.Backup), VrrpEvents.Record(files, "INSTANCE \"www\" BACKUP 100", start.AddSeconds(1)));
        VrrpEvents.Record(files, "INSTANCE \"api\" MASTER 150", start.AddSeconds(1));
        VrrpEvents.Record(files, "INSTANCE \"www\" MASTER 100", start.AddSeconds(5));
        VrrpEvents.Record(files, "INSTANCE \"www\" FAULT 100", start.AddSeconds(6));
        VrrpEvents.Record(files, "INSTANCE \"www\" MASTER 100", start.AddSeconds(7));
        Assert.Null(VrrpEvents.Record(files, "GROUP \"g\" MASTER 0", start.AddSeconds(8)));
        Assert.Null(VrrpEvents.Record(files, "INSTANCE \"www\" MASTER_RX_LOWER_PRI 100", start.AddSeconds(9)));
        File.WriteAllText(files.PidFile, $"{Environment.ProcessId}\n");

        // This test's process is no keepalived: every state reads as not running.
        Assert.All(VrrpEvents.Read(files, ["www", "api"]), s => Assert.Equal(VrrpState.Init, s.State));
        var www = VrrpEvents.Read(files, ["www"])[0];
        Assert.Equal((2, start.AddSeconds(7)), (www.Takeovers, www.Since));
    }

    [Fact]
    public void A_server_that_never_ran_keepalived_reports_every_vip_down()
    {
        var statuses = VrrpEvents.Read(new KeepalivedFiles(_directory.Path, "lb-01"), ["www"]);

        Assert.Equal([new VipStatus("www", VrrpState.Init, null, 0)], statuses);
        Assert.Equal("MASTER", VrrpState.Master.ToWord());
    }

    [Fact]
    public void Events_read_on_another_host_give_each_state_while_its_keepalived_runs_and_skip_what_is_no_event()
    {
        string[] events = ["1700000000000 www INIT", "1700000001000 www BACKUP", "garbage", "1700000002000 other MASTER", "1700000005000 www MASTER", ""];

        var running = VrrpEvents.Statuses(events, running: true, ["www", "api"]);
        var stopped = VrrpEvents.Statuses(events, running: false, ["www"]);

        Assert.Equal([new VipStatus("www", VrrpState.Master, DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_005_000), 1), new VipStatus("api", VrrpState.Init, null, 0)], running);
        Assert.Equal(VrrpState.Init, Assert.Single(stopped).State);
    }

    public void Dispose() => _directory.Dispose();
}

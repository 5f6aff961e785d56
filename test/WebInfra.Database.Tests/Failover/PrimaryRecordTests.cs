using WebInfra.Database.Failover;

namespace WebInfra.Database.Tests.Failover;

/// <summary>The run state's record of the agreed primary: its epoch and degraded flag survive a round trip, and an old file reads as epoch 0.</summary>
public sealed class PrimaryRecordTests
{
    [Fact]
    public void A_record_reads_back_as_written_with_its_epoch_and_degraded_flag()
    {
        using var directory = new TemporaryDirectory();
        var record = new PrimaryRecord(directory.Path);

        Assert.Null(record.Read());
        record.Write(new PrimaryEpoch("server-2/db", 3, Degraded: true));
        Assert.Equal(new PrimaryEpoch("server-2/db", 3, Degraded: true), record.Read());
        record.Write(new PrimaryEpoch("server-2/db", 3));
        Assert.Equal(new PrimaryEpoch("server-2/db", 3), record.Read());
    }

    [Fact]
    public void A_record_from_before_epochs_names_its_primary_at_epoch_zero()
    {
        using var directory = new TemporaryDirectory();
        var record = new PrimaryRecord(directory.Path);
        Directory.CreateDirectory(Path.GetDirectoryName(record.Path)!);
        File.WriteAllText(record.Path, "server-1/db\n");

        Assert.Equal(new PrimaryEpoch("server-1/db", 0), record.Read());
    }

    [Fact]
    public async Task One_monitor_records_the_next_epoch_only_over_the_record_it_read()
    {
        using var directory = new TemporaryDirectory();
        var leadership = new LocalMonitorLeadership("lb-01/monitor", new PrimaryRecord(directory.Path), TimeProvider.System);

        var first = await leadership.RecordPrimaryAsync("server-1/db", null, CancellationToken.None);
        Assert.Equal(new PrimaryEpoch("server-1/db", 1), first);
        Assert.Null(await leadership.RecordPrimaryAsync("server-2/db", null, CancellationToken.None));
        var degraded = await leadership.RecordDegradedAsync(true, first!, CancellationToken.None);
        Assert.Equal(new PrimaryEpoch("server-1/db", 1, Degraded: true), degraded);
        Assert.Null(await leadership.RecordPrimaryAsync("server-2/db", first, CancellationToken.None));
        Assert.Equal(new PrimaryEpoch("server-2/db", 2), await leadership.RecordPrimaryAsync("server-2/db", degraded, CancellationToken.None));
        Assert.True(leadership.Current.IsLeader);
    }
}

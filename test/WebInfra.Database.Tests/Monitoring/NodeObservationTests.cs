using static WebInfra.Database.Tests.Failover.ObservationBuilder;

namespace WebInfra.Database.Tests.Monitoring;

public sealed class NodeObservationTests
{
    [Fact]
    public void Errant_transactions_are_those_of_the_binlog_state_the_writable_primary_lacks()
    {
        var primary = Primary(1, "0-1-20") with { GtidBinlogState = "0-1-20" };
        var replica = Replica(2, "0-2-11") with { GtidBinlogState = "0-1-10,0-2-11" };

        Assert.Equal(["0-2-11"], replica.ErrantAgainst(primary).Select(g => g.ToString()));
        Assert.Empty(primary.ErrantAgainst(primary));
        Assert.Empty(replica.ErrantAgainst(primary with { ReadOnly = true }));
        Assert.Empty(replica.ErrantAgainst(null));
        Assert.Empty((Down(2) with { GtidBinlogState = "0-2-11" }).ErrantAgainst(primary));
    }

    [Fact]
    public void A_write_of_the_primary_a_replica_applied_after_the_primary_was_read_is_not_errant()
    {
        var primary = Primary(1, "0-1-20") with { GtidBinlogState = "0-1-20" };
        var replica = Replica(2, "0-1-21") with { GtidBinlogState = "0-1-21" };

        Assert.Empty(replica.ErrantAgainst(primary));
    }
}

using WebInfra.Database.Failover;
using static WebInfra.Database.Tests.Failover.ObservationBuilder;

namespace WebInfra.Database.Tests.Failover;

public class RejoinTests
{
    [Fact]
    public void Old_primary_that_holds_nothing_more_rejoins_as_a_replica()
    {
        Assert.Equal(RejoinDecision.Repoint, Rejoin.Decide(Standalone(1, "0-1-100"), Primary(2, "0-2-104")).Decision);
    }

    [Fact]
    public void Old_primary_with_transactions_the_primary_lacks_stays_out_and_says_which()
    {
        var (decision, reason) = Rejoin.Decide(Standalone(1, "0-1-101"), Primary(2, "0-1-100"));

        Assert.Equal(RejoinDecision.KeepOut, decision);
        Assert.Contains("0-1-101", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Writable_node_that_is_not_the_primary_is_fenced()
    {
        Assert.Equal(RejoinDecision.Fence, Rejoin.Decide(Primary(1, "0-1-5"), Primary(2, "0-2-6")).Decision);
    }

    [Fact]
    public void Replica_of_the_primary_is_left_alone()
    {
        Assert.Equal(RejoinDecision.Replica, Rejoin.Decide(Replica(3, "0-2-6", of: 2), Primary(2, "0-2-6")).Decision);
    }

    [Fact]
    public void Replica_of_the_dead_primary_is_repointed()
    {
        Assert.Equal(RejoinDecision.Repoint, Rejoin.Decide(Replica(3, "0-1-5", of: 1), Primary(2, "0-2-6")).Decision);
    }

    [Fact]
    public void Node_whose_replication_from_the_primary_failed_stays_out()
    {
        var (decision, reason) = Rejoin.Decide(Replica(1, "0-1-7", of: 2, lastError: "Last_IO_Error 1236: missing GTID", running: false), Primary(2, "0-2-9"));

        Assert.Equal(RejoinDecision.KeepOut, decision);
        Assert.Contains("1236", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Nothing_happens_while_there_is_no_writable_primary()
    {
        Assert.Equal(RejoinDecision.Wait, Rejoin.Decide(Standalone(1, "0-1-5"), Down(2)).Decision);
        Assert.Equal(RejoinDecision.Wait, Rejoin.Decide(Down(1), Primary(2, "0-2-5")).Decision);
    }
}

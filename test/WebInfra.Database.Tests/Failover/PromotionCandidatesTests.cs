using WebInfra.Database.Failover;
using WebInfra.Database.Monitoring;
using WebInfra.Database.Replication;
using static WebInfra.Database.Tests.Failover.ObservationBuilder;

namespace WebInfra.Database.Tests.Failover;

public class PromotionCandidatesTests
{
    private static (NodeObservation, GtidPosition) Candidate(NodeObservation node, string received) => (node, GtidPosition.Parse(received));

    [Fact]
    public void Replica_that_received_the_most_is_promoted_even_if_it_applied_less()
    {
        var chosen = PromotionCandidates.MostAdvanced(
            [Candidate(Replica(2, "0-1-90"), "0-1-98"), Candidate(Replica(3, "0-1-95"), "0-1-96")], preferred: "server-1/db");

        Assert.Equal("server-2/db", chosen!.Node.Name);
    }

    [Fact]
    public void Tie_goes_to_the_preferred_node_then_to_topology_order()
    {
        Assert.Equal("server-3/db", PromotionCandidates.MostAdvanced(
            [Candidate(Replica(2, "0-1-9"), "0-1-9"), Candidate(Standalone(3, "0-1-9"), "0-1-9")], preferred: "server-3/db")!.Node.Name);
        Assert.Equal("server-2/db", PromotionCandidates.MostAdvanced(
            [Candidate(Replica(2, "0-1-9"), "0-1-9"), Candidate(Replica(3, "0-1-9"), "0-1-9")], preferred: "server-1/db")!.Node.Name);
    }

    [Fact]
    public void No_candidate_means_no_promotion()
    {
        Assert.Null(PromotionCandidates.MostAdvanced([], preferred: null));
    }

    [Fact]
    public void Received_position_is_the_io_position_when_it_is_ahead_of_what_was_applied()
    {
        Assert.Equal("0-1-12", PromotionCandidates.Received(Replica(2, "0-1-10"), "0-1-12").ToString());
        Assert.Equal("0-1-10", PromotionCandidates.Received(Replica(2, "0-1-10"), "").ToString());
    }

    [Fact]
    public void A_restarted_primary_is_behind_each_node_that_received_a_transaction_of_its_own_its_recovery_cut_not_one_with_writes_of_another_server()
    {
        var restarted = Standalone(1, "0-1-41");

        var ahead = PromotionCandidates.Ahead(restarted, [restarted, Replica(2, "0-1-42"), Replica(3, "0-1-40") with { Replication = null }, Down(4), Standalone(5, "0-5-60")]);

        var (node, beyond) = Assert.Single(ahead);
        Assert.Equal("server-2/db", node.Node.Name);
        Assert.Equal("0-1-42", beyond);
    }

    [Fact]
    public void A_transaction_received_but_not_yet_applied_counts_as_held_by_the_replica()
    {
        var received = Replica(2, "0-1-40") with { Replication = Replica(2, "0-1-43").Replication };

        Assert.Single(PromotionCandidates.Ahead(Standalone(1, "0-1-42"), [received]));
        Assert.Empty(PromotionCandidates.Ahead(Standalone(1, "0-1-43"), [received]));
    }
}

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
}

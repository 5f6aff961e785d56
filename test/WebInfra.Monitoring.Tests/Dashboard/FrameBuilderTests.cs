using WebInfra.Monitoring.Dashboard;

namespace WebInfra.Monitoring.Tests.Dashboard;

public sealed class FrameBuilderTests
{
    private readonly SiteRounds _site = new();

    [Fact]
    public void Requests_per_second_and_latency_come_from_two_rounds_and_leave_health_probes_out()
    {
        _site.Metrics["server-1/web"] = WebMetrics(staticOk: 100, forwardedErrors: 0, healthProbes: 50, fast: 90, slow: 100);
        var before = _site.Round();
        _site.Time.Advance(TimeSpan.FromSeconds(2));
        _site.Metrics["server-1/web"] = WebMetrics(staticOk: 136, forwardedErrors: 4, healthProbes: 80, fast: 126, slow: 140);

        var web = Component(_site.Builder.Build(before, _site.Round()), "server-1/web");

        Assert.Equal(20, web.Rps);
        Assert.Equal(2, web.ErrorsPerSecond);

        // 40 requests in the interval: 36 within 1 ms, 4 in (1 ms, 100 ms]. Rank 20 of 36 in the first bucket.
        Assert.Equal(20.0 / 36, web.P50Ms!.Value, 9);
        Assert.Equal(1 + (99 * ((39.6 - 36) / 4)), web.P99Ms!.Value, 9);
    }

    [Fact]
    public void Without_a_previous_round_there_are_no_rates()
    {
        _site.Metrics["server-1/web"] = WebMetrics(staticOk: 100, forwardedErrors: 0, healthProbes: 50, fast: 90, slow: 100);

        var web = Component(_site.Builder.Build(null, _site.Round()), "server-1/web");

        Assert.Equal(ComponentStates.Up, web.State);
        Assert.Null(web.Rps);
        Assert.Null(web.P99Ms);
    }

    [Fact]
    public void Arrows_carry_each_members_forwarded_requests_and_each_nodes_queries()
    {
        _site.Metrics["lb-01/balancer"] = Forwarded(toServer1: 10, toServer2: 20);
        _site.Metrics["server-1/app"] = Queries(primary: 5, replicaOnPrimary: 0, replica: 100);
        var before = _site.Round();
        _site.Time.Advance(TimeSpan.FromSeconds(1));
        _site.Metrics["lb-01/balancer"] = Forwarded(toServer1: 25, toServer2: 20);
        _site.Metrics["server-1/app"] = Queries(primary: 8, replicaOnPrimary: 1, replica: 130);

        var frame = _site.Builder.Build(before, _site.Round());

        Assert.Equal(new EdgeView("lb-01/balancer", "server-1/web", "forward", "UP", 15), Edge(frame, "lb-01/balancer", "server-1/web"));
        Assert.Equal(0, Edge(frame, "lb-01/balancer", "server-2/web").Rps);
        Assert.Equal(new EdgeView("server-1/app", "server-1/db", "query", "primary", 4), Edge(frame, "server-1/app", "server-1/db"));
        Assert.Equal(30, Edge(frame, "server-1/app", "server-2/db").Rps);
        Assert.Equal(new EdgeView("lb-01/monitor", "server-2/db", "check", "replica", null), Edge(frame, "lb-01/monitor", "server-2/db"));
        Assert.Equal(2 + 4 + 4 + 2, frame.Edges.Count);
    }

    [Fact]
    public void A_failed_health_check_is_down_with_its_reason_and_its_arrows_lose_their_state()
    {
        _site.Down["server-1/web"] = "connection refused";

        var frame = _site.Builder.Build(null, _site.Round());

        var web = Component(frame, "server-1/web");
        Assert.Equal((ComponentStates.Down, "connection refused"), (web.State, web.Detail));
        Assert.Null(Edge(frame, "server-1/web", "server-1/app").State);
    }

    [Fact]
    public void A_member_drained_by_a_forwarder_is_drained_and_one_ejected_is_degraded()
    {
        _site.MemberStates[("lb-01/balancer", "server-1/web")] = "DRAIN";
        _site.MemberStates[("server-2/web", "server-2/app")] = "DOWN";

        var frame = _site.Builder.Build(null, _site.Round());

        Assert.Equal((ComponentStates.Drained, "drained on lb-01/balancer"), State(frame, "server-1/web"));
        Assert.Equal((ComponentStates.Degraded, "ejected by server-2/web"), State(frame, "server-2/app"));
        Assert.Equal((ComponentStates.Up, null), State(frame, "server-1/app"));
    }

    [Fact]
    public void Database_nodes_take_their_colour_from_the_monitors_roles_and_lag()
    {
        _site.Database = SiteRounds.Cluster(("server-1/db", "down", null), ("server-2/db", "replica", 9));

        var frame = _site.Builder.Build(null, _site.Round());

        Assert.Equal((ComponentStates.Down, "connection refused"), State(frame, "server-1/db"));
        Assert.Equal((ComponentStates.Degraded, "replica, 9 s behind"), State(frame, "server-2/db"));
    }

    [Fact]
    public void A_replica_cut_off_from_its_dead_primary_is_amber_with_the_age_of_its_data()
    {
        var cluster = SiteRounds.Cluster(("server-1/db", "down", null), ("server-2/db", "replica", null));
        _site.Database = cluster with { Nodes = [cluster.Nodes[0], cluster.Nodes[1] with { Replicating = false, DataAgeSeconds = 41.6, CutOff = true }] };

        var frame = _site.Builder.Build(null, _site.Round());

        Assert.Equal((ComponentStates.Degraded, "replica, cut off from its primary; data 42 s old"), State(frame, "server-2/db"));
    }

    [Fact]
    public void Replica_holding_errant_transactions_is_degraded_with_its_GTIDs()
    {
        var cluster = SiteRounds.Cluster(("server-1/db", "primary", null), ("server-2/db", "replica", null));
        _site.Database = cluster with { Nodes = [cluster.Nodes[0], cluster.Nodes[1] with { ErrantGtids = ["0-2-11", "9-2-1"] }] };

        var frame = _site.Builder.Build(null, _site.Round());

        Assert.Equal((ComponentStates.Degraded, "replica, errant GTIDs 0-2-11,9-2-1 the primary lacks"), State(frame, "server-2/db"));
    }

    private static string WebMetrics(int staticOk, int forwardedErrors, int healthProbes, int fast, int slow) => $$"""
        webinfra_http_requests_total{class="static",code="200"} {{staticOk}}
        webinfra_http_requests_total{class="forwarded",code="502"} {{forwardedErrors}}
        webinfra_http_requests_total{class="health",code="200"} {{healthProbes}}
        webinfra_http_request_duration_seconds_bucket{class="static",le="0.001"} {{fast}}
        webinfra_http_request_duration_seconds_bucket{class="static",le="0.1"} {{slow}}
        webinfra_http_request_duration_seconds_bucket{class="static",le="+Inf"} {{slow}}
        webinfra_http_request_duration_seconds_bucket{class="health",le="0.001"} {{healthProbes}}
        webinfra_http_request_duration_seconds_bucket{class="health",le="0.1"} {{healthProbes}}
        webinfra_http_request_duration_seconds_bucket{class="health",le="+Inf"} {{healthProbes}}
        """;

    private static string Forwarded(int toServer1, int toServer2) => $$"""
        webinfra_backend_requests_total{backend="web",member="server-1/web"} {{toServer1}}
        webinfra_backend_requests_total{backend="web",member="server-2/web"} {{toServer2}}
        """;

    /// <summary>An application server's queries: reads go to the primary too when no replica can take them.</summary>
    private static string Queries(int primary, int replicaOnPrimary, int replica) => $$"""
        webinfra_app_queries_total{node="server-1/db",role="primary"} {{primary}}
        webinfra_app_queries_total{node="server-1/db",role="replica"} {{replicaOnPrimary}}
        webinfra_app_queries_total{node="server-2/db",role="replica"} {{replica}}
        """;

    private static ComponentView Component(DashboardFrame frame, string name) => frame.Components.Single(c => c.Name == name);

    private static (string State, string? Detail) State(DashboardFrame frame, string name) => (Component(frame, name).State, Component(frame, name).Detail);

    private static EdgeView Edge(DashboardFrame frame, string from, string to) => frame.Edges.Single(e => e.From == from && e.To == to);
}

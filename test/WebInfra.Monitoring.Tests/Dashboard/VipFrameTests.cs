using WebInfra.Hosting.Vrrp;
using WebInfra.Monitoring.Dashboard;
using WebInfra.Monitoring.Prometheus;
using WebInfra.Monitoring.Sampling;

namespace WebInfra.Monitoring.Tests.Dashboard;

/// <summary>The scale-up preset's VIP in the dashboard's picture, its event log and its alert rules.</summary>
public sealed class VipFrameTests
{
    private static readonly Topology.Model.Topology s_scaleUp = ShippedTopologies.Load("scale-up.yaml");
    private static readonly DateTimeOffset s_at = new(2026, 12, 6, 9, 0, 0, TimeSpan.Zero);

    private readonly FrameBuilder _builder = new(s_scaleUp, TimeSpan.FromSeconds(5));

    private static SampleRound Round(int second, VrrpState lb01, VrrpState lb02)
    {
        var vip = s_scaleUp.Vips[0];
        VipMemberStatus Member(string server, int priority, VrrpState state) =>
            new($"{server}/balancer", server, priority, new VipStatus(vip.Name, state, s_at, 0));
        return new SampleRound(TimeSpan.FromSeconds(second), s_at.AddSeconds(second), new Dictionary<string, ComponentScrape>(), null, null,
            [new VipView(vip, [Member("lb-01", 150, lb01), Member("lb-02", 100, lb02)])]);
    }

    [Fact]
    public void The_vip_stands_in_front_of_its_balancers_with_its_holder_and_each_keepalived_is_seen()
    {
        var frame = _builder.Build(null, Round(0, VrrpState.Master, VrrpState.Backup));

        Assert.Equal(new ComponentView("vip www", string.Empty, "vip", "10.77.0.100", ComponentStates.Up, "held by lb-01", null, null, null, null), frame.Components[0]);
        Assert.Equal([("lb-01/balancer", "MASTER"), ("lb-02/balancer", "BACKUP")], frame.Edges.Where(e => e.From == "vip www").Select(e => (e.To, e.State!)));
        Assert.Equal((ComponentStates.Up, "BACKUP www"), State(frame, "lb-02/vrrp"));
        Assert.Equal((ComponentStates.Unknown, "not checked yet"), State(frame, "ns-01/dns"));
    }

    [Fact]
    public void A_takeover_is_one_event_naming_where_the_vip_went()
    {
        var before = _builder.Build(null, Round(0, VrrpState.Master, VrrpState.Backup));
        var after = _builder.Build(Round(0, VrrpState.Master, VrrpState.Backup), Round(1, VrrpState.Init, VrrpState.Master));

        var moved = Assert.Single(EventDetector.Detect(before, after), e => e.Kind == DashboardEventKinds.VipMoved);
        Assert.Equal((Severities.Warning, "vip www (10.77.0.100): held by lb-02, was lb-01"), (moved.Severity, moved.Message));
        Assert.Equal((ComponentStates.Down, "keepalived is not running"), State(after, "lb-01/vrrp"));
        Assert.DoesNotContain(EventDetector.Detect(before, after), e => e.Kind == DashboardEventKinds.ComponentDown && e.Subject == "vip www");
    }

    [Fact]
    public void A_split_brain_and_a_lost_vip_are_critical()
    {
        var one = _builder.Build(null, Round(0, VrrpState.Master, VrrpState.Backup));
        var split = _builder.Build(null, Round(1, VrrpState.Master, VrrpState.Master));
        var lost = _builder.Build(null, Round(2, VrrpState.Fault, VrrpState.Fault));

        Assert.Equal((ComponentStates.Degraded, "held by lb-01 and lb-02 (split brain)"), State(split, "vip www"));
        Assert.Equal((ComponentStates.Degraded, "FAULT www"), State(lost, "lb-01/vrrp"));
        Assert.Equal([Severities.Critical], EventDetector.Detect(one, split).Where(e => e.Kind == DashboardEventKinds.VipMoved).Select(e => e.Severity));
        Assert.Equal("vip www (10.77.0.100): held by nobody, was lb-01 and lb-02 (split brain)",
            Assert.Single(EventDetector.Detect(split, lost), e => e.Kind == DashboardEventKinds.VipMoved).Message);
    }

    [Fact]
    public void The_dns_server_is_up_while_it_answers_for_the_zone()
    {
        var answering = Round(0, VrrpState.Master, VrrpState.Backup) with { NameServers = new Dictionary<string, bool> { ["ns-01/dns"] = true } };
        var silent = Round(1, VrrpState.Master, VrrpState.Backup) with { NameServers = new Dictionary<string, bool> { ["ns-01/dns"] = false } };

        Assert.Equal((ComponentStates.Up, "answers for foobar.com"), State(_builder.Build(null, answering), "ns-01/dns"));
        Assert.Equal((ComponentStates.Down, "does not answer for foobar.com"), State(_builder.Build(null, silent), "ns-01/dns"));
    }

    [Fact]
    public void Only_a_site_with_vips_gets_the_vip_alerts()
    {
        Assert.Equal(["WebInfraVipLost", "WebInfraVipSplitBrain"], AlertRules.For(s_scaleUp).Select(r => r.Name).Where(n => n.Contains("Vip", StringComparison.Ordinal)));
        Assert.DoesNotContain(AlertRules.For(ShippedTopologies.Load("distributed.yaml")), r => r.Name.Contains("Vip", StringComparison.Ordinal));
    }

    private static (string State, string? Detail) State(DashboardFrame frame, string name)
    {
        var component = frame.Components.Single(c => c.Name == name);
        return (component.State, component.Detail);
    }
}

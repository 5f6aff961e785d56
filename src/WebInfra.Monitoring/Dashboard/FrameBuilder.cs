using System.Globalization;
using WebInfra.Hosting.Vrrp;
using WebInfra.Monitoring.Metrics;
using WebInfra.Monitoring.Sampling;
using WebInfra.Topology.Model;
using SiteTopology = WebInfra.Topology.Model.Topology;

namespace WebInfra.Monitoring.Dashboard;

/// <summary>
/// Turns two consecutive rounds of polling into the picture: each component's colour, its requests per second and
/// p50/p99 over the interval between the rounds, and the requests per second on each arrow.
/// </summary>
internal sealed class FrameBuilder(SiteTopology topology, TimeSpan maxReplicaLag)
{
    /// <summary>The picture of <paramref name="current"/>; rates need <paramref name="previous"/> (none on the first round).</summary>
    public DashboardFrame Build(SampleRound? previous, SampleRound current)
    {
        ArgumentNullException.ThrowIfNull(current);
        var elapsed = previous is null ? TimeSpan.Zero : current.Elapsed - previous.Elapsed;
        var vips = current.Vips ?? [];
        var components = topology.Components
            .Select(c => c.Kind switch
            {
                ComponentKind.Database => DatabaseComponent(c, current.Database),
                ComponentKind.Vrrp => KeepalivedComponent(c, vips),
                ComponentKind.Dns => current.NameServers?.TryGetValue(c.Name, out var answers) == true
                    ? View(c, answers ? ComponentStates.Up : ComponentStates.Down, answers ? $"answers for {topology.Dns?.Zone}" : $"does not answer for {topology.Dns?.Zone}")
                    : View(c, ComponentStates.Unknown, "not checked yet"),
                ComponentKind.Etcd => View(c, ComponentStates.Unknown, current.Database is { } database
                    ? $"etcd member, not polled; leading monitor: {database.Leader ?? $"none ({database.LeadershipProblem ?? "an election is under way"})"}"
                    : "etcd member, not polled"),
                _ => HttpComponent(c, previous?.Scrapes.GetValueOrDefault(c.Name), current.Scrapes.GetValueOrDefault(c.Name), current.Scrapes.Values, elapsed),
            })
            .ToList();
        components.InsertRange(0, vips.Select(VipComponent));
        var edges = Edges(previous, current, elapsed);
        edges.InsertRange(0, vips.SelectMany(v => v.Members.Select(m =>
            new EdgeView(VipName(v), m.Balancer, EdgeKinds.Vip, m.Status.State.ToWord(), m.Status.State == VrrpState.Master ? components.FirstOrDefault(c => c.Name == m.Balancer)?.Rps : null))));
        return new DashboardFrame(current.At, components, edges, current.Database, current.Faults);
    }

    /// <summary>The name a VIP has in the picture, beside the components: <c>vip www</c>.</summary>
    public static string VipName(VipView vip)
    {
        ArgumentNullException.ThrowIfNull(vip);
        return $"vip {vip.Vip.Name}";
    }

    /// <summary>A VIP, drawn in front of its balancers: up with one holder, down with none, degraded with two (split brain).</summary>
    private static ComponentView VipComponent(VipView vip)
    {
        var (state, detail) = vip.Holders switch
        {
            [var one] => (ComponentStates.Up, $"held by {one}"),
            [] => (ComponentStates.Down, "held by nobody"),
            var many => (ComponentStates.Degraded, $"held by {string.Join(" and ", many)} (split brain)"),
        };
        return new ComponentView(VipName(vip), string.Empty, EdgeKinds.Vip, vip.Vip.Address.ToString(), state, detail, null, null, null, null);
    }

    /// <summary>A server's keepalived: up while it holds or stands by for each of its VIPs, degraded in FAULT, down when not running.</summary>
    private static ComponentView KeepalivedComponent(Component component, IReadOnlyList<VipView> vips)
    {
        var mine = vips.SelectMany(v => v.Members.Where(m => m.Server == component.ServerName).Select(m => (v.Vip.Name, m.Status.State))).ToList();
        var detail = string.Join(", ", mine.Select(m => $"{m.State.ToWord()} {m.Name}"));
        var state = mine switch
        {
            _ when mine.Count == 0 || mine.Any(m => m.State == VrrpState.Init) => ComponentStates.Down,
            _ when mine.Any(m => m.State == VrrpState.Fault) => ComponentStates.Degraded,
            _ => ComponentStates.Up,
        };
        return View(component, state, state == ComponentStates.Down ? "keepalived is not running" : detail);
    }

    private static ComponentView HttpComponent(Component component, ComponentScrape? before, ComponentScrape? now, IEnumerable<ComponentScrape> all, TimeSpan elapsed)
    {
        if (now is null)
        {
            return View(component, ComponentStates.Unknown, "not polled yet");
        }

        if (!now.Healthy)
        {
            return View(component, ComponentStates.Down, now.DownReason);
        }

        var drainedOn = SeenAs(all, component, MemberStates.Drain);
        var ejectedBy = SeenAs(all, component, MemberStates.Down);
        var (state, detail) = (drainedOn, ejectedBy, now.Metrics) switch
        {
            ({ Count: > 0 }, _, _) => (ComponentStates.Drained, "drained on " + string.Join(", ", drainedOn)),
            (_, { Count: > 0 }, _) => (ComponentStates.Degraded, "ejected by " + string.Join(", ", ejectedBy)),
            (_, _, null) => (ComponentStates.Degraded, "metrics: " + now.MetricsProblem),
            _ => (ComponentStates.Up, null),
        };

        if (before?.Metrics is not { } earlier || now.Metrics is not { } later || elapsed <= TimeSpan.Zero)
        {
            return View(component, state, detail);
        }

        static bool Traffic(MetricSample s) => s.Label(MetricNames.Class) != MetricNames.HealthClass;
        static bool Failed(MetricSample s) => Traffic(s) && s.Label(MetricNames.Code) is [ '5', .. ];
        var latency = HistogramQuantile.Increase(earlier.Buckets(MetricNames.HttpRequestDuration, Traffic), later.Buckets(MetricNames.HttpRequestDuration, Traffic));
        return View(component, state, detail) with
        {
            Rps = CounterRate.PerSecond(earlier.Sum(MetricNames.HttpRequests, Traffic), later.Sum(MetricNames.HttpRequests, Traffic), elapsed),
            ErrorsPerSecond = CounterRate.PerSecond(earlier.Sum(MetricNames.HttpRequests, Failed), later.Sum(MetricNames.HttpRequests, Failed), elapsed),
            P50Ms = HistogramQuantile.Estimate(0.5, latency) * 1000,
            P99Ms = HistogramQuantile.Estimate(0.99, latency) * 1000,
        };
    }

    /// <summary>The forwarders that currently report <paramref name="component"/> in <paramref name="memberState"/>.</summary>
    private static List<string> SeenAs(IEnumerable<ComponentScrape> all, Component component, string memberState) =>
        [.. all.Where(s => s.Healthy && s.Backend is { } backend
                && backend.Members.Any(m => m.Name == component.Name && m.State == memberState))
            .Select(s => s.Component.Name)];

    private ComponentView DatabaseComponent(Component component, DatabaseClusterView? database)
    {
        var node = database?.Nodes.FirstOrDefault(n => n.Name == component.Name);
        return node switch
        {
            null => View(component, ComponentStates.Unknown, database is null ? "no monitor in this process" : "not checked yet"),
            { Role: DatabaseRoles.Down } => View(component, ComponentStates.Down, node.Reason ?? "does not answer"),
            { Role: DatabaseRoles.Out } => View(component, ComponentStates.Degraded, "out: " + node.Reason),
            { ErrantGtids: [_, ..] errant } => View(component, ComponentStates.Degraded, $"{node.Role}, errant GTIDs {string.Join(",", errant)} the primary lacks"),
            { CutOff: true, DataAgeSeconds: { } age } =>
                View(component, ComponentStates.Degraded, string.Create(CultureInfo.InvariantCulture, $"{node.Role}, cut off from its primary; data {age:0} s old")),
            { Role: DatabaseRoles.Replica, Replicating: false } => View(component, ComponentStates.Degraded, "replica, replication stopped"),
            { Role: DatabaseRoles.Replica, LagSeconds: { } lag } when TimeSpan.FromSeconds(lag) > maxReplicaLag =>
                View(component, ComponentStates.Degraded, string.Create(CultureInfo.InvariantCulture, $"replica, {lag} s behind")),
            _ => View(component, ComponentStates.Up, node.Role),
        };
    }

    private static ComponentView View(Component component, string state, string? detail) =>
        new(component.Name, component.ServerName, component.Kind.ToKey(), component.Authority, state, detail, null, null, null, null);

    private List<EdgeView> Edges(SampleRound? previous, SampleRound current, TimeSpan elapsed)
    {
        var edges = new List<EdgeView>();
        foreach (var forwarder in topology.Components.Where(c => c.Backend is not null))
        {
            var now = current.Scrapes.GetValueOrDefault(forwarder.Name);
            var before = previous?.Scrapes.GetValueOrDefault(forwarder.Name);
            foreach (var member in topology.FindBackend(forwarder.Backend) is { } backend ? topology.MembersOf(backend) : [])
            {
                var state = now is { Healthy: true } ? now.Backend?.Members.FirstOrDefault(m => m.Name == member.Name)?.State : null;
                var rps = Rate(before, now, elapsed, m => m.Sum(MetricNames.BackendRequests, s => s.Label(MetricNames.Member) == member.Name));
                edges.Add(new EdgeView(forwarder.Name, member.Name, EdgeKinds.Forward, state, rps));
            }
        }

        var databaseNodes = topology.DatabaseNodes.ToList();
        foreach (var app in topology.Components.Where(c => c.Kind == ComponentKind.App))
        {
            var now = current.Scrapes.GetValueOrDefault(app.Name);
            var before = previous?.Scrapes.GetValueOrDefault(app.Name);
            foreach (var node in databaseNodes)
            {
                var rps = Rate(before, now, elapsed, m => m.Sum(MetricNames.AppQueries, s => s.Label(MetricNames.Node) == node.Name));
                edges.Add(new EdgeView(app.Name, node.Name, EdgeKinds.Query, RoleOf(current.Database, node), rps));
            }
        }

        if (topology.Monitor is { } monitor)
        {
            edges.AddRange(databaseNodes.Select(node => new EdgeView(monitor.Name, node.Name, EdgeKinds.Check, RoleOf(current.Database, node), null)));
        }

        return edges;
    }

    private static string? RoleOf(DatabaseClusterView? database, Component node) => database?.Nodes.FirstOrDefault(n => n.Name == node.Name)?.Role;

    private static double? Rate(ComponentScrape? before, ComponentScrape? now, TimeSpan elapsed, Func<MetricSet, double> read) =>
        before?.Metrics is { } earlier && now is { Healthy: true, Metrics: { } later } ? CounterRate.PerSecond(read(earlier), read(later), elapsed) : null;
}

using System.Globalization;
using WebInfra.Monitoring.Sampling;
using WebInfra.Topology.Faults;

namespace WebInfra.Monitoring.Dashboard;

/// <summary>
/// Derives the event log by comparing two consecutive pictures: a component going down or coming back, a forwarder
/// ejecting, restoring, draining or undraining a member, a VIP changing hands, a database node changing role, a failover
/// or switchover.
/// A change is reported once, in the round that first sees it.
/// </summary>
internal static class EventDetector
{
    /// <summary>The events between <paramref name="previous"/> (null on the first round) and <paramref name="current"/>, without sequence numbers.</summary>
    public static IReadOnlyList<DashboardEvent> Detect(DashboardFrame? previous, DashboardFrame current)
    {
        ArgumentNullException.ThrowIfNull(current);
        var events = new List<DashboardEvent>();
        void Add(string severity, string kind, string subject, string message) => events.Add(new DashboardEvent(0, current.At, severity, kind, subject, message));

        if (previous is null)
        {
            Add(Severities.Info, DashboardEventKinds.Started, string.Empty, $"watching {current.Components.Count} components");
            return events;
        }

        var before = previous.Components.ToDictionary(c => c.Name, StringComparer.Ordinal);
        foreach (var component in current.Components)
        {
            // A VIP's changes are told below, with where it went.
            if (component.Kind == EdgeKinds.Vip || !before.TryGetValue(component.Name, out var earlier) || earlier.State == ComponentStates.Unknown || earlier.State == component.State)
            {
                continue;
            }

            if (component.State == ComponentStates.Down)
            {
                Add(Severities.Critical, DashboardEventKinds.ComponentDown, component.Name, $"{component.Name} is down: {component.Detail}");
            }
            else if (earlier.State == ComponentStates.Down && component.State != ComponentStates.Unknown)
            {
                Add(Severities.Info, DashboardEventKinds.ComponentUp, component.Name, $"{component.Name} is up");
            }
        }

        var edgesBefore = previous.Edges.Where(e => e.Kind == EdgeKinds.Forward).ToDictionary(e => (e.From, e.To));
        foreach (var edge in current.Edges.Where(e => e.Kind == EdgeKinds.Forward))
        {
            if (edgesBefore.TryGetValue((edge.From, edge.To), out var earlier) && earlier.State is { } was && edge.State is { } state && was != state)
            {
                MemberChanged(Add, edge.From, edge.To, was, state);
            }
        }

        foreach (var vip in current.Components.Where(c => c.Kind == EdgeKinds.Vip))
        {
            if (before.TryGetValue(vip.Name, out var earlier) && earlier.Detail != vip.Detail && earlier.Detail is { } was && vip.Detail is { } now)
            {
                var severity = vip.State == ComponentStates.Up ? Severities.Warning : Severities.Critical;
                Add(severity, DashboardEventKinds.VipMoved, vip.Name, $"{vip.Name} ({vip.Address}): {now}, was {was["held by ".Length..]}");
            }
        }

        if (previous.Database is { } databaseBefore && current.Database is { } database)
        {
            DatabaseChanged(Add, databaseBefore, database);
        }

        if (previous.Faults is { } faultsBefore && current.Faults is { } faults)
        {
            FaultsChanged(Add, faultsBefore, faults);
        }

        return events;
    }

    private static void MemberChanged(Action<string, string, string, string> add, string forwarder, string member, string was, string state)
    {
        if (state == MemberStates.Down)
        {
            add(Severities.Warning, DashboardEventKinds.MemberEjected, member, $"{forwarder} ejected {member}");
        }
        else if (state == MemberStates.Drain)
        {
            add(Severities.Info, DashboardEventKinds.MemberDrained, member, $"{forwarder} drains {member}: no new requests");
        }
        else if (was == MemberStates.Drain)
        {
            add(Severities.Info, DashboardEventKinds.MemberUndrained, member, $"{forwarder} sends requests to {member} again (undrained)");
        }
        else if (was == MemberStates.Down)
        {
            add(Severities.Info, DashboardEventKinds.MemberRestored, member, $"{forwarder} restored {member}");
        }
    }

    /// <summary>Each partition and slow link set or ended between two rounds, compared by what they are (<c>lb-01 ⇹ server-1</c>).</summary>
    private static void FaultsChanged(Action<string, string, string, string> add, SiteFaults before, SiteFaults now)
    {
        var partitionsBefore = before.Partitions.Select(p => p.ToString()).ToHashSet(StringComparer.Ordinal);
        var partitionsNow = now.Partitions.Select(p => p.ToString()).ToHashSet(StringComparer.Ordinal);
        foreach (var partition in now.Partitions.Where(p => !partitionsBefore.Contains(p.ToString())))
        {
            add(Severities.Warning, DashboardEventKinds.Partition, partition.From, $"network partition: {partition}");
        }

        foreach (var partition in before.Partitions.Where(p => !partitionsNow.Contains(p.ToString())))
        {
            add(Severities.Info, DashboardEventKinds.Heal, partition.From, $"partition healed: {partition}");
        }

        var slowBefore = before.SlowLinks.ToDictionary(s => s.Server, s => s.ToString(), StringComparer.Ordinal);
        var slowNow = now.SlowLinks.Select(s => s.Server).ToHashSet(StringComparer.Ordinal);
        foreach (var link in now.SlowLinks.Where(s => slowBefore.GetValueOrDefault(s.Server) != s.ToString()))
        {
            add(Severities.Warning, DashboardEventKinds.Slow, link.Server, $"slow link: {link}");
        }

        foreach (var server in slowBefore.Keys.Where(s => !slowNow.Contains(s)))
        {
            add(Severities.Info, DashboardEventKinds.Heal, server, $"{server}'s link is fast again");
        }
    }

    private static void DatabaseChanged(Action<string, string, string, string> add, DatabaseClusterView before, DatabaseClusterView now)
    {
        if (now.Failovers > before.Failovers && now.Primary is { } promoted)
        {
            var took = now.LastFailoverSeconds is { } seconds ? string.Create(CultureInfo.InvariantCulture, $" in {seconds:0.00} s") : string.Empty;
            add(Severities.Critical, DashboardEventKinds.Failover, promoted, $"failover: {promoted} promoted{took} (the primary was {before.Primary ?? "none"})");
        }
        else if (now.Primary is { } primary && before.Primary is { } old && primary != old)
        {
            add(Severities.Warning, DashboardEventKinds.Switchover, primary, $"{primary} is the primary (was {old})");
        }
        else if (now.Primary is null && before.Primary is { } lost)
        {
            add(Severities.Critical, DashboardEventKinds.NoPrimary, lost, $"no writable primary: {lost} is not writable");
        }

        var rolesBefore = before.Nodes.ToDictionary(n => n.Name, n => n.Role, StringComparer.Ordinal);
        foreach (var node in now.Nodes)
        {
            if (rolesBefore.TryGetValue(node.Name, out var role) && role != node.Role)
            {
                var severity = node.Role is DatabaseRoles.Down or DatabaseRoles.Out ? Severities.Warning : Severities.Info;
                var why = node.Reason is { Length: > 0 } reason && node.Role != DatabaseRoles.Primary && node.Role != DatabaseRoles.Replica ? $" ({reason})" : string.Empty;
                add(severity, DashboardEventKinds.RoleChanged, node.Name, $"{node.Name}: {role} → {node.Role}{why}");
            }
        }
    }
}

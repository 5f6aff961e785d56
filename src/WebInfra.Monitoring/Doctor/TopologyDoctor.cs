namespace WebInfra.Monitoring.Doctor;

/// <summary>
/// Reads a valid topology the way a reviewer of the design would: single points of failure, security gaps, missing
/// monitoring, crowded servers, replication that can lose writes. Every rule runs; none stops the others. Adding a
/// rule takes one class and one line in <see cref="s_rules"/>.
/// </summary>
public static class TopologyDoctor
{
    private static readonly IDoctorRule[] s_rules = Unique(
    [
        new SingleBalancerRule(),
        new SingleWebServerRule(),
        new SingleAppServerRule(),
        new SingleDatabaseNodeRule(),
        new NoFailoverRule(),
        new SingleMonitorRule(),
        new SingleActiveMemberRule(),
        new NoFirewallRule(),
        new NoHttpsRule(),
        new OneEntryAddressRule(),
        new RouteHeaderExposedRule(),
        new NoMonitoringRule(),
        new NoAlertingRule(),
        new TlsEndsAtBalancerRule(),
        new PlainDatabaseTrafficRule(),
        new CrowdedServerRule(),
        new DatabaseBesideAppRule(),
        new AsyncReplicationRule(),
    ]);

    /// <summary>The name of every rule, in the order they run.</summary>
    public static IReadOnlyList<string> RuleNames { get; } = [.. s_rules.Select(r => r.Name)];

    /// <summary>Every finding about <paramref name="topology"/>, errors first, then by location in the file.</summary>
    public static DoctorReport Examine(Topology.Model.Topology topology)
    {
        ArgumentNullException.ThrowIfNull(topology);
        var findings = new List<Finding>();
        var context = new DoctorContext(topology);
        foreach (var rule in s_rules)
        {
            rule.Examine(context, findings);
        }

        return new DoctorReport(topology.Site.Location.File, [.. findings
            .OrderBy(f => f.Severity)
            .ThenBy(f => f.Location.File, StringComparer.Ordinal)
            .ThenBy(f => f.Location.Line)
            .ThenBy(f => f.Location.Column)
            .ThenBy(f => f.Rule, StringComparer.Ordinal)
            .ThenBy(f => f.Subject, StringComparer.Ordinal)]);
    }

    /// <summary>Names are compared case-insensitively, as YARP's policy names are; two rules under one name is a programming error.</summary>
    private static IDoctorRule[] Unique(IDoctorRule[] rules)
    {
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var rule in rules.Where(r => !names.Add(r.Name)))
        {
            throw new InvalidOperationException($"two doctor rules are named '{rule.Name}'");
        }

        return rules;
    }
}

namespace WebInfra.Monitoring.Doctor;

/// <summary>
/// TLS terminated at the balancer leaves the hops behind it in clear text: balancer to web, web to application,
/// application to database. On a private network that is the common trade-off; on a shared one, anyone on it reads
/// sessions and posts. WebInfra does not re-encrypt those hops yet, so the rule names the risk and the mitigation.
/// </summary>
internal sealed class TlsEndsAtBalancerRule : IDoctorRule
{
    public string Name => DoctorRules.TlsEndsAtBalancer;

    public void Examine(DoctorContext context, ICollection<Finding> findings)
    {
        var terminating = context.Topology.Components.Where(c => c.HttpsPort is not null).ToList();
        if (terminating.Count == 0)
        {
            return;
        }

        findings.Add(new Finding(Name, FindingSeverity.Warning, terminating[0].Name, terminating[0].Location,
            $"TLS ends at {string.Join(" and ", terminating.Select(c => $"'{c.Name}'"))}: the hops behind it (balancer to web, web to application, application to database) are plain text on the network",
            "keep the servers on a private network that only they reach, and firewall every tier to the one before it; WebInfra's re-encryption of the inner hops is planned (issue 6)",
            null));
    }
}

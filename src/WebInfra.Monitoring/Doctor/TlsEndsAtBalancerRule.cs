namespace WebInfra.Monitoring.Doctor;

/// <summary>
/// TLS terminated at the balancer leaves the hops behind it in clear text: balancer to web, web to application. On a
/// private network that is the common trade-off; on a shared one, anyone on it reads sessions and posts. The rule is
/// quiet once <c>tls.internal</c> re-encrypts those hops; the database's hops are <see cref="PlainDatabaseTrafficRule"/>'s.
/// </summary>
internal sealed class TlsEndsAtBalancerRule : IDoctorRule
{
    public string Name => DoctorRules.TlsEndsAtBalancer;

    public void Examine(DoctorContext context, ICollection<Finding> findings)
    {
        var terminating = context.Topology.Components.Where(c => c.HttpsPort is not null).ToList();
        if (terminating.Count == 0 || context.Topology.Tls.Internal)
        {
            return;
        }

        findings.Add(new Finding(Name, FindingSeverity.Warning, terminating[0].Name, terminating[0].Location,
            $"TLS ends at {string.Join(" and ", terminating.Select(c => $"'{c.Name}'"))}: the hops behind it (balancer to web, web to application) are plain text on the network",
            "re-encrypt them with 'tls.internal': web and application servers listen with HTTPS with a certificate of the site's internal CA ('./webinfra cert' or 'up' makes it), and balancers and web servers forward over HTTPS trusting that CA only",
            "tls:\n  internal: true"));
    }
}

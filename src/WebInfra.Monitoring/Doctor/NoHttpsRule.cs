using WebInfra.Topology.Model;

namespace WebInfra.Monitoring.Doctor;

/// <summary>
/// Clients reach the site over plain HTTP: anyone on the path reads and changes pages, posts and cookies. The
/// topology has no HTTPS settings yet (issue 6 adds them), so the rule looks at the components clients connect to
/// (every balancer, or the web server that stands in for one); once a component can carry TLS settings, it reports
/// only those without.
/// </summary>
internal sealed class NoHttpsRule : IDoctorRule
{
    public string Name => DoctorRules.NoHttps;

    public void Examine(DoctorContext context, ICollection<Finding> findings)
    {
        var topology = context.Topology;
        var entries = topology.Components.Where(c => c.Kind == ComponentKind.Balancer).DefaultIfEmpty(topology.EntryPoint!).ToList();
        var site = topology.Site.Name;
        var servers = string.Join("\n", entries.Select(e => $"    server {e.ServerName} {e.Authority} check"));
        findings.Add(new Finding(Name, FindingSeverity.Warning, entries[0].Name, entries[0].Location,
            $"no HTTPS: traffic from clients is plain HTTP (http://{entries[0].Authority}); anyone on the path can read and change pages, posts and cookies",
            $"terminate TLS in front of {string.Join(" and ", entries.Select(e => $"'{e.Name}'"))} with a certificate for {site}, and redirect port 80 to HTTPS; WebInfra's own HTTPS is planned (issue 6)",
            $"# haproxy.cfg of a TLS terminator in front of the site\nfrontend https\n    bind :443 ssl crt /etc/haproxy/certs/{site}.pem\n    bind :80\n"
            + $"    http-request redirect scheme https unless {{ ssl_fc }}\n    default_backend webinfra\nbackend webinfra\n{servers}"));
    }
}

using WebInfra.Topology.Model;

namespace WebInfra.Monitoring.Doctor;

/// <summary>
/// Clients reach the site over plain HTTP: anyone on the path reads and changes pages, posts and cookies. The rule
/// looks at the components clients connect to (every balancer, or the web server that stands in for one) and reports
/// those without an <c>https_port</c>; a web server entry point cannot terminate TLS, so it needs a balancer in front.
/// </summary>
internal sealed class NoHttpsRule : IDoctorRule
{
    public string Name => DoctorRules.NoHttps;

    public void Examine(DoctorContext context, ICollection<Finding> findings)
    {
        var topology = context.Topology;
        var entries = topology.Components.Where(c => c.Kind == ComponentKind.Balancer).DefaultIfEmpty(topology.EntryPoint!).ToList();
        var plain = entries.Where(e => e.HttpsPort is null).ToList();
        if (plain.Count == 0)
        {
            return;
        }

        var first = plain[0];
        var fix = first.Kind == ComponentKind.Balancer
            ? $"give {string.Join(" and ", plain.Select(e => $"'{e.Name}'"))} an 'https_port': it terminates TLS 1.2/1.3 with the development certificate ('./webinfra cert') or the PEM files under 'tls', and its plain port then answers 301 to HTTPS with HSTS"
            : $"put a balancer with an 'https_port' in front of '{first.Name}': a web server does not terminate TLS";
        var snippet = first.Kind == ComponentKind.Balancer
            ? $"servers:\n  {first.ServerName}:\n    components:\n      balancer: {{ port: {first.Port}, https_port: 8443, backend: {first.Backend} }}\ntls:                      # omit for the development certificate\n  certificate: certs/{topology.Site.Name}.pem\n  key: certs/{topology.Site.Name}.key"
            : null;
        findings.Add(new Finding(Name, FindingSeverity.Warning, first.Name, first.Location,
            $"no HTTPS: traffic from clients is plain HTTP (http://{first.Authority}); anyone on the path can read and change pages, posts and cookies",
            fix,
            snippet));
    }
}

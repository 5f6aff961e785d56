namespace WebInfra.Monitoring.Doctor;

/// <summary>
/// <c>site.route_header: true</c> is a debugging aid: every response names each internal node it passed through
/// (<c>X-Served-By</c>), which shows any visitor the site's layout.
/// </summary>
internal sealed class RouteHeaderExposedRule : IDoctorRule
{
    public string Name => DoctorRules.RouteHeaderExposed;

    public void Examine(DoctorContext context, ICollection<Finding> findings)
    {
        var topology = context.Topology;
        if (!topology.Site.RouteHeader)
        {
            return;
        }

        var path = string.Join(", ", topology.Components.Where(c => c.IsHttp && c.Kind != Topology.Model.ComponentKind.Monitor).Take(3).Select(c => c.Name));
        findings.Add(new Finding(Name, FindingSeverity.Warning, "site", topology.Site.Location,
            $"site.route_header is true: every response carries X-Served-By naming the internal nodes it passed through (e.g. {path}), showing any visitor the site's layout",
            "turn it off outside debugging",
            "site:\n  route_header: false"));
    }
}

using WebInfra.Topology.Model;

namespace WebInfra.Monitoring.Doctor;

/// <summary>Web servers on one host: the balancer has nowhere to send a request when that host fails.</summary>
internal sealed class SingleWebServerRule : SingleServerTierRule
{
    public override string Name => DoctorRules.SingleWebServer;

    protected override ComponentKind Kind => ComponentKind.Web;

    protected override Finding? Describe(DoctorContext context, IReadOnlyList<Component> components) => components.Count == 0
        ? null
        : new Finding(Name, FindingSeverity.Error, components[0].Name, components[0].Location,
            $"{Only(components, "web server")}: when {components[0].ServerName} fails, no page is served",
            "run a web server on a second server and list it in the backend the balancer forwards to",
            context.ScaleOut(components[0]));
}

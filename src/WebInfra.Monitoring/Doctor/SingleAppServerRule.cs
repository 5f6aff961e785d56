using WebInfra.Topology.Model;

namespace WebInfra.Monitoring.Doctor;

/// <summary>Application servers on one host: every dynamic request fails when that host does.</summary>
internal sealed class SingleAppServerRule : SingleServerTierRule
{
    public override string Name => DoctorRules.SingleAppServer;

    protected override ComponentKind Kind => ComponentKind.App;

    protected override Finding? Describe(DoctorContext context, IReadOnlyList<Component> components) => components.Count == 0
        ? null
        : new Finding(Name, FindingSeverity.Error, components[0].Name, components[0].Location,
            $"{Only(components, "application server")}: when {components[0].ServerName} fails, every dynamic request (reading or writing posts) fails",
            "run an application server on a second server and list it in the backend the web servers forward to",
            context.ScaleOut(components[0]));
}

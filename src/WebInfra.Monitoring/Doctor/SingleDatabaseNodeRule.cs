using WebInfra.Topology.Model;

namespace WebInfra.Monitoring.Doctor;

/// <summary>
/// A primary with no replica on another host: its data has no second copy, and while it is down no write (and, with
/// no replica, no read) succeeds.
/// </summary>
internal sealed class SingleDatabaseNodeRule : SingleServerTierRule
{
    public override string Name => DoctorRules.SingleDatabaseNode;

    protected override ComponentKind Kind => ComponentKind.Database;

    protected override Finding? Describe(DoctorContext context, IReadOnlyList<Component> components)
    {
        if (context.Topology.Primary is not { } primary)
        {
            return null;
        }

        var problem = components.Count == 1
            ? $"'{primary.Name}' has no replica: its data has no second copy, and while it is down every read and write fails"
            : $"every database node ({string.Join(", ", components.Select(c => c.Name))}) runs on {primary.ServerName}: one host failure loses them all";
        return new Finding(Name, FindingSeverity.Error, primary.Name, primary.Location, problem,
            "add a replica on another server (and a 'monitor' component, which promotes it when the primary fails)",
            context.ScaleOut(primary, ComponentRole.DatabaseReplica, listInBackend: false));
    }
}

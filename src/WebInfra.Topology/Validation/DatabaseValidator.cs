using WebInfra.Topology.Loading;
using WebInfra.Topology.Model;

namespace WebInfra.Topology.Validation;

/// <summary>
/// A site with application servers has exactly one primary database node; replicas need a primary to follow; several
/// database monitors only with etcd members to elect the one that acts (two acting at once could each promote a
/// different replica), and monitors only where there are nodes to watch.
/// </summary>
internal sealed class DatabaseValidator : ITopologyValidator
{
    public void Validate(Model.Topology topology, ICollection<TopologyError> errors)
    {
        var primaries = topology.Components.Where(c => c.Role == ComponentRole.DatabasePrimary).ToList();
        foreach (var extra in primaries.Skip(1))
        {
            errors.Add(new TopologyError(extra.Location,
                $"'{extra.Name}' is a second primary; '{primaries[0].Name}' ({primaries[0].Location}) is already the primary",
                "a cluster has one primary: make the others 'role: replica'"));
        }

        if (primaries.Count == 0)
        {
            // The sample board keeps its posts in the database; the user's own application may need none.
            var dependent = topology.Replicas.FirstOrDefault() ?? topology.Components.FirstOrDefault(c => c.Kind == ComponentKind.App && c.Application is null);
            if (dependent is not null)
            {
                errors.Add(new TopologyError(dependent.Location,
                    $"'{dependent.Name}' needs a primary database node, but no db component has 'role: primary'",
                    "add 'db: { port: 3306, role: primary }' to one server's components"));
            }
        }

        var monitors = topology.Components.Where(c => c.Kind == ComponentKind.Monitor).ToList();
        if (monitors.Count > 1 && !topology.EtcdMembers.Any())
        {
            errors.Add(new TopologyError(monitors[1].Location,
                $"'{monitors[1].Name}' is a second database monitor, but the topology has no etcd members to elect the one that acts; '{monitors[0].Name}' ({monitors[0].Location}) is the first",
                "two monitors without an election could each promote a different replica: add 'etcd: { port: 2379 }' to three servers' components, or keep one monitor"));
        }

        if (monitors.Count > 0 && primaries.Count == 0)
        {
            errors.Add(new TopologyError(monitors[0].Location, $"'{monitors[0].Name}' watches the database nodes, but the topology has none",
                "add db components, or remove the monitor"));
        }
    }
}

using WebInfra.Topology.Loading;
using WebInfra.Topology.Model;

namespace WebInfra.Topology.Validation;

/// <summary>
/// Components name backends that exist, backends name components that exist, and each tier forwards to the next:
/// a balancer to web servers, a web server to application servers.
/// </summary>
internal sealed class BackendReferenceValidator : ITopologyValidator
{
    public void Validate(Model.Topology topology, ICollection<TopologyError> errors)
    {
        var backendNames = string.Join(", ", topology.Backends.Select(b => b.Name));
        foreach (var component in topology.Components.Where(c => c.Backend is not null))
        {
            var backend = topology.FindBackend(component.Backend);
            if (backend is null)
            {
                errors.Add(new TopologyError(component.Location,
                    $"'{component.Name}' forwards to backend '{component.Backend}', which is not defined under backends",
                    backendNames.Length > 0 ? $"backends defined: {backendNames}" : "add a backends section that lists its members"));
                continue;
            }

            var expected = component.Kind == ComponentKind.Balancer ? ComponentKind.Web : ComponentKind.App;
            foreach (var member in topology.MembersOf(backend).Where(m => m.Kind != expected))
            {
                errors.Add(new TopologyError(backend.Location,
                    $"backend '{backend.Name}' is used by {component.Kind.ToKey()} component '{component.Name}', so its members must be {expected.ToKey()} components, but it lists '{member.Name}'"));
            }
        }

        foreach (var backend in topology.Backends)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var member in backend.Members)
            {
                if (topology.FindComponent(member.ComponentName) is null)
                {
                    errors.Add(new TopologyError(member.Location,
                        $"backend '{backend.Name}' lists '{member.ComponentName}', but no server has that component",
                        $"components defined: {string.Join(", ", topology.ComponentNames)}"));
                }
                else if (!seen.Add(member.ComponentName))
                {
                    errors.Add(new TopologyError(member.Location, $"backend '{backend.Name}' lists '{member.ComponentName}' twice"));
                }
            }

            if (backend.Members.Count > 0 && !backend.ActiveMembers.Any())
            {
                errors.Add(new TopologyError(backend.Location,
                    $"every member of backend '{backend.Name}' is a backup, so none would take traffic while all are healthy",
                    "backups stand in for active members: remove 'backup: true' from at least one member"));
            }
        }
    }
}

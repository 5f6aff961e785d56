using WebInfra.Database.Provisioning;
using WebInfra.Topology.Model;

namespace WebInfra.Cli.Supervision;

/// <summary>
/// A database component of the topology as a MariaDB node. Server ids follow the order of the topology file, so
/// every process that reads the same file gives a node the same id.
/// </summary>
internal static class DatabaseNodes
{
    public static DatabaseNode For(Topology.Model.Topology topology, Component component, string stateDirectory)
    {
        var serverId = topology.Components.Where(c => c.Kind == ComponentKind.Database).ToList().IndexOf(component) + 1;
        var role = component.Role == ComponentRole.DatabasePrimary ? DatabaseRole.Primary : DatabaseRole.Replica;
        return new DatabaseNode(
            component.Name,
            component.Address.ToString(),
            component.Port,
            new StateDirectory(stateDirectory).DatabaseDirectory(component.ServerName),
            serverId,
            role);
    }
}

using WebInfra.Database.Provisioning;
using WebInfra.Topology.Model;

namespace WebInfra.Cli.Supervision;

/// <summary>
/// A database component of the topology as a MariaDB node, named the way the monitor names it
/// (<see cref="TopologyDatabaseNodes"/>), so the supervisor and the monitor always act on the same server.
/// </summary>
internal static class DatabaseNodes
{
    public static DatabaseNode For(Topology.Model.Topology topology, Component component, string stateDirectory) =>
        TopologyDatabaseNodes.For(topology, component, stateDirectory);
}

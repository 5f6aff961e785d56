using WebInfra.Hosting.Tls;
using WebInfra.Topology.Model;

namespace WebInfra.Database.Provisioning;

/// <summary>
/// A database component of the topology as a MariaDB node. Server ids follow the order of the topology file, data
/// lives in <c>STATE/db/SERVER/data</c> and, with <c>database.tls</c>, the node serves TLS with its server's internal
/// certificate, so the supervisor, the monitor and the CLI, each reading the same file, name the same node the same way.
/// </summary>
public static class TopologyDatabaseNodes
{
    /// <summary>The node of <paramref name="component"/>, a database component of <paramref name="topology"/>.</summary>
    public static DatabaseNode For(Topology.Model.Topology topology, Component component, string stateDirectory)
    {
        ArgumentNullException.ThrowIfNull(topology);
        ArgumentNullException.ThrowIfNull(component);
        var serverId = topology.DatabaseNodes.ToList().IndexOf(component) + 1;
        var role = component.Role == ComponentRole.DatabasePrimary ? DatabaseRole.Primary : DatabaseRole.Replica;
        return new DatabaseNode(
            component.Name,
            component.Address.ToString(),
            component.Port,
            DataDirectory(stateDirectory, component.ServerName),
            serverId,
            role)
        {
            Tls = topology.Database.Tls ? new InternalCertificates(stateDirectory).For(component.ServerName) : null,
        };
    }

    /// <summary>Every database node of <paramref name="topology"/>, in file order.</summary>
    public static IReadOnlyList<DatabaseNode> All(Topology.Model.Topology topology, string stateDirectory)
    {
        ArgumentNullException.ThrowIfNull(topology);
        return [.. topology.DatabaseNodes.Select(c => For(topology, c, stateDirectory))];
    }

    /// <summary>The data directory of the database node on <paramref name="serverName"/>.</summary>
    public static string DataDirectory(string stateDirectory, string serverName) =>
        Path.Combine(Path.GetFullPath(stateDirectory), "db", serverName, "data");
}

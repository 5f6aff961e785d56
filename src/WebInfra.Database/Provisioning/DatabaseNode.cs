using WebInfra.Hosting.Tls;

namespace WebInfra.Database.Provisioning;

/// <summary>
/// One MariaDB server of the cluster, as the topology places it. Everything the library does to a
/// node (install, start, connect, replicate) is derived from these values, so two calls with equal
/// nodes always act on the same server and the same files.
/// </summary>
/// <param name="Name">The component reference, such as <c>server-1/db</c>; used in every message about the node.</param>
/// <param name="Host">The IP literal mariadbd binds to and clients connect to, such as <c>127.0.1.1</c>.</param>
/// <param name="Port">The TCP port mariadbd listens on.</param>
/// <param name="DataDirectory">The absolute path of mariadbd's data directory (<c>--datadir</c>).</param>
/// <param name="ServerId">The replication server id (1 or more); unique in the cluster so GTIDs name their origin.</param>
/// <param name="Role">Whether the node starts as the primary or as a read-only replica.</param>
public sealed record DatabaseNode(string Name, string Host, int Port, string DataDirectory, int ServerId, DatabaseRole Role)
{
    /// <summary>
    /// With <c>database.tls</c>, the node's server certificate and the internal CA: mariadbd serves TLS with them and
    /// refuses clients without it, and every client of the node verifies it against the CA. Null keeps the node plain.
    /// </summary>
    public ServerCertificateFiles? Tls { get; init; }
}

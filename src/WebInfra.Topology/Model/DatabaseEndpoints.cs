namespace WebInfra.Topology.Model;

/// <summary>
/// The two local ports every application server running the user's application serves for the database (a managed
/// database's writer and reader endpoints, MySQL Router's read-write and read-only ports): the writer forwards each
/// connection to whichever node is primary now, the reader spreads connections over the replicas that may take reads.
/// </summary>
/// <param name="WriterPort">Forwards to the primary; its connections are closed when another node becomes primary.</param>
/// <param name="ReaderPort">Forwards to a replica within <see cref="ReadSettings.MaxLag"/>, or to the primary when none is.</param>
public sealed record DatabaseEndpoints(int WriterPort, int ReaderPort)
{
    /// <summary>MySQL Router's classic read-write and read-only ports, 6446 and 6447.</summary>
    public static DatabaseEndpoints Default { get; } = new(6446, 6447);
}

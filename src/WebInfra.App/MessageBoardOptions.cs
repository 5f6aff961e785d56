using WebInfra.Topology.Model;

namespace WebInfra.App;

/// <summary>
/// Where the message board keeps its posts and what it calls itself. The host fills this in from the
/// topology through <see cref="MessageBoardServiceCollectionExtensions.AddMessageBoard"/>; it is validated
/// once at start-up, so a missing connection string stops the process before it takes traffic instead of
/// failing the first request.
/// </summary>
/// <remarks>
/// The app is told every database node, not which one is primary: after a failover another node is primary,
/// and the app finds it by watching which node is writable (<c>@@read_only = 0</c>), without a restart.
/// </remarks>
public sealed class MessageBoardOptions
{
    /// <summary>
    /// Required. The connection strings of every database node, primary and replicas, in the topology's order.
    /// Writes go to the one node that is writable; reads are spread over the read-only nodes that replicate with
    /// little enough lag. Give each a short <c>Connection Timeout</c>.
    /// </summary>
    public IReadOnlyList<string> DatabaseNodes { get; set; } = [];

    /// <summary>
    /// Optional. The topology's name of each node in <see cref="DatabaseNodes"/>, in the same order (such as
    /// <c>server-2/db</c>): the <c>node</c> label of the query metrics. Without it, a node is named by its host and port.
    /// </summary>
    public IReadOnlyList<string> DatabaseNodeNames { get; set; } = [];

    /// <summary>
    /// The index in <see cref="DatabaseNodes"/> of the node the topology names primary. It is only the first guess,
    /// used until the nodes have been observed once; default 0.
    /// </summary>
    public int InitialPrimary { get; set; }

    /// <summary>
    /// A replica further behind the primary than this (<c>Seconds_Behind_Master</c>), or not replicating at all,
    /// gets no reads. Default 5 s, the topology's <c>database.reads.max_lag</c>.
    /// </summary>
    public TimeSpan MaxReplicaLag { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// What a replica whose lag is unknown (its I/O thread not connected: the primary is gone, it is being repointed
    /// after a failover, or its link to the primary is down) does with reads: under
    /// <see cref="ReadsDuringFailover.StaleOk"/> (the default) it takes them while its data age is within
    /// <see cref="MaxReplicaLag"/>; under <see cref="ReadsDuringFailover.Fail"/> it takes none. The topology's
    /// <c>database.reads.during_failover</c>.
    /// </summary>
    public ReadsDuringFailover ReadsDuringFailover { get; set; } = ReadsDuringFailover.StaleOk;

    /// <summary>
    /// How long a replica may wait (<c>MASTER_GTID_WAIT</c>) to apply a client's own last write before that
    /// client's read goes to the primary instead. Default 500 ms, the topology's
    /// <c>database.reads.read_your_writes_timeout</c>.
    /// </summary>
    public TimeSpan ReadYourWritesTimeout { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// How often every node is asked whether it is writable and how far behind it is. Default 500 ms: a failover
    /// or a lagging replica is noticed within about that long. Each observation is bounded by a 1 s timeout.
    /// </summary>
    public TimeSpan ObservationInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Required. The site's host name, for example <c>www.foobar.com</c>, shown in the page title and header.</summary>
    public string SiteName { get; set; } = string.Empty;
}

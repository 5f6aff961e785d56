namespace WebInfra.Monitoring.Dashboard;

/// <summary>One database node on the dashboard's database panel.</summary>
/// <param name="Name">The component, such as <c>server-2/db</c>.</param>
/// <param name="Address">Its address and port.</param>
/// <param name="Role"><c>primary</c>, <c>replica</c>, <c>out</c> or <c>down</c>, as the monitor reports it now.</param>
/// <param name="ReadOnly"><c>@@read_only</c>; null when the node is down.</param>
/// <param name="LagSeconds"><c>Seconds_Behind_Master</c>; null when it is not replicating.</param>
/// <param name="Replicating">Both replication threads run; null when it is not a replica.</param>
/// <param name="Gtid"><c>@@gtid_current_pos</c>.</param>
/// <param name="Reason">Why it is out or down, or its replication error.</param>
/// <param name="DataAgeSeconds">How old a read-only node's data is at least (its lag, or once cut off from its primary the lag then plus the time since); null when unknown.</param>
/// <param name="CutOff">A replica whose I/O thread is not in touch with its primary.</param>
/// <param name="ErrantGtids">The GTIDs it holds that the primary does not (its errant transactions); empty or null when none.</param>
public sealed record DatabaseNodeView(
    string Name,
    string Address,
    string Role,
    bool? ReadOnly,
    long? LagSeconds,
    bool? Replicating,
    string? Gtid,
    string? Reason,
    double? DataAgeSeconds = null,
    bool CutOff = false,
    IReadOnlyList<string>? ErrantGtids = null);

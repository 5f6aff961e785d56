namespace WebInfra.Database.Provisioning;

/// <summary>
/// A new node's data directory made as a copy of a running node's (<see cref="MariaDbProvisioner.CloneAsync"/>): what it
/// was copied from, and the GTID position the copy holds, from which the node replicates once it runs.
/// </summary>
/// <param name="Source">The node copied, such as <c>server-2/db</c>.</param>
/// <param name="GtidPosition">Every transaction the copy holds, as mariadb-backup recorded it (<c>0-1-42</c>); the new node's <c>gtid_slave_pos</c>.</param>
/// <param name="Bytes">How many bytes the stream carried from the source's host to the new node's.</param>
/// <param name="Elapsed">How long the copy and its preparation took.</param>
public sealed record ReplicaClone(string Source, string GtidPosition, long Bytes, TimeSpan Elapsed);

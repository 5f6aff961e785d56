namespace WebInfra.Database.Failover;

/// <summary>The primary the cluster agreed on, and the epoch (how many times a monitor recorded a primary) it holds.</summary>
/// <param name="Node">The primary's component name (<c>server-2/db</c>).</param>
/// <param name="Epoch">The epoch, 1 for the first record; each promotion records the next.</param>
/// <param name="Degraded">
/// Whether the primary was switched to asynchronous replication (no replica could acknowledge): it may hold writes no
/// replica has, so no replica may be promoted until one has caught up and semi-sync is back on.
/// </param>
public sealed record PrimaryEpoch(string Node, long Epoch, bool Degraded = false);

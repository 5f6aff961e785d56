namespace WebInfra.Database.Failover;

/// <summary>A monitor's standing in the election of the monitor that may act on the cluster.</summary>
/// <param name="IsLeader">Whether this monitor leads now, with time left on its lease to act.</param>
/// <param name="Leader">The leading monitor's component name (this one's when it leads), or null when none is known.</param>
/// <param name="Since">Since when this monitor leads (null when it does not).</param>
/// <param name="Problem">Why no leader can be elected or known (the consensus store cannot be reached), or null.</param>
public sealed record LeadershipState(bool IsLeader, string? Leader, DateTimeOffset? Since, string? Problem);

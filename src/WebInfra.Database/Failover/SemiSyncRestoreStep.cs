using WebInfra.Database.Provisioning;

namespace WebInfra.Database.Failover;

/// <summary>One check's step back from a degraded primary: what to do, and to which replicas.</summary>
/// <param name="Action">What to do.</param>
/// <param name="Replicas">
/// For <see cref="SemiSyncRestoreAction.Enable"/> and <see cref="SemiSyncRestoreAction.Reconnect"/>, the replicas to
/// make connect again; for <see cref="SemiSyncRestoreAction.Clear"/>, the one that caught up.
/// </param>
internal sealed record SemiSyncRestoreStep(SemiSyncRestoreAction Action, IReadOnlyList<DatabaseNode> Replicas)
{
    /// <summary>Nothing to do at this check.</summary>
    public static SemiSyncRestoreStep Wait { get; } = new(SemiSyncRestoreAction.Wait, []);
}

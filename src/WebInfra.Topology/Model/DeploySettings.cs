namespace WebInfra.Topology.Model;

/// <summary>How <c>webinfra deploy</c> keeps releases and judges its canary (the topology's <c>deploy</c> section).</summary>
/// <param name="Keep">Releases kept per server, the current one and the one before it always among them (Capistrano's <c>keep_releases</c>, 5).</param>
/// <param name="Observe">How long the canary serves the new release before its error rate is compared with the old members' (Argo Rollouts' analysis interval, shortened: one server is a large share of a small site).</param>
public sealed record DeploySettings(int Keep, TimeSpan Observe)
{
    /// <summary>The fewest releases kept: the current one and the one a rollback returns to.</summary>
    public const int MinimumKeep = 2;

    /// <summary>The most releases kept per server.</summary>
    public const int MaximumKeep = 100;

    /// <summary>The longest observation of the canary.</summary>
    public static TimeSpan MaximumObserve { get; } = TimeSpan.FromMinutes(10);

    /// <summary>The settings of a topology without <c>deploy</c>: five releases kept, the canary watched for 10 s.</summary>
    public static DeploySettings Default { get; } = new(5, TimeSpan.FromSeconds(10));
}

using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Health;
using Yarp.ReverseProxy.Model;
using WebInfra.Balancer.Draining;

namespace WebInfra.Balancer.Health;

/// <summary>
/// Which members may take new requests: those not down (by probes or by failed requests) and not drained; among
/// them the active members, or, only while none of those is left, the backups (HAProxy's <c>backup</c> servers).
/// YARP calls it when health or drain state changes, not per request.
/// </summary>
internal sealed class ActiveOrBackupDestinationsPolicy(DrainRegistry drains) : IAvailableDestinationsPolicy
{
    /// <summary>The policy name clusters refer to.</summary>
    public const string PolicyName = "WebInfra.ActiveOrBackup";

    /// <summary>Destination metadata key that is <c>true</c> for a backup member.</summary>
    public const string BackupMetadata = "WebInfra.Backup";

    public string Name => PolicyName;

    public IReadOnlyList<DestinationState> GetAvailalableDestinations(ClusterConfig config, IReadOnlyList<DestinationState> allDestinations)
    {
        var active = new List<DestinationState>(allDestinations.Count);
        var backups = new List<DestinationState>();
        foreach (var destination in allDestinations)
        {
            if (destination.Health.Active == DestinationHealth.Unhealthy || destination.Health.Passive == DestinationHealth.Unhealthy
                || drains.IsDrained(destination.DestinationId))
            {
                continue;
            }

            (IsBackup(destination) ? backups : active).Add(destination);
        }

        return active.Count > 0 ? active : backups;
    }

    /// <summary>True for a destination configured as a backup member.</summary>
    public static bool IsBackup(DestinationState destination) =>
        destination.Model?.Config.Metadata?.TryGetValue(BackupMetadata, out var value) == true
        && string.Equals(value, "true", StringComparison.Ordinal);
}

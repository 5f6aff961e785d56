using System.Globalization;
using System.Runtime.CompilerServices;
using Yarp.ReverseProxy.Model;
using WebInfra.Balancer.Health;

namespace WebInfra.Balancer.LoadBalancing;

/// <summary>
/// HAProxy's <c>slowstart</c>: the weight a member is balanced with, which ramps up linearly from almost nothing to its
/// full weight over the backend's slow start after the member entered service (<see cref="MemberEntries"/>), so that a
/// cold process is not flooded the moment it is up. Weights are counted in 1/<see cref="Scale"/> of a unit, so a ramp
/// moves in fine steps even for weight 1; multiplying every weight alike changes no pick.
/// </summary>
internal sealed class SlowStart(MemberEntries entries, TimeProvider time)
{
    /// <summary>Cluster metadata key holding the slow start in milliseconds; absent or 0 for none.</summary>
    public const string MetadataKey = "WebInfra.SlowStart";

    /// <summary>Parts of a unit of weight: the smallest weight during a ramp is 1/256 of a member of weight 1.</summary>
    public const long Scale = 256;

    // Keyed on the model, as DestinationWeights are: a new configuration brings a new model with its own value.
    private static readonly ConditionalWeakTable<ClusterModel, StrongBox<TimeSpan>> s_durations = [];

    /// <summary>
    /// The weight <paramref name="destination"/> of <paramref name="cluster"/> is balanced with now, in
    /// 1/<see cref="Scale"/> units: its full weight, or during its slow start the part of it that the time since it
    /// entered is of the slow start, at least 1.
    /// </summary>
    public long WeightOf(ClusterState cluster, DestinationState destination)
    {
        var full = DestinationWeights.Of(destination) * Scale;
        var duration = DurationOf(cluster);
        if (duration <= TimeSpan.Zero || entries.EnteredAt(destination) is not { } entered)
        {
            return full;
        }

        var elapsed = time.GetElapsedTime(entered);
        return elapsed >= duration ? full : Math.Max(1, full * elapsed.Ticks / duration.Ticks);
    }

    private static TimeSpan DurationOf(ClusterState cluster)
    {
        // Only clusters built outside YARP's configuration (tests) have no model.
        var model = cluster.Model;
        return model is null ? TimeSpan.Zero : s_durations.GetValue(model, static m => new(Parse(m.Config.Metadata))).Value;
    }

    private static TimeSpan Parse(IReadOnlyDictionary<string, string>? metadata) =>
        metadata is not null && metadata.TryGetValue(MetadataKey, out var text)
            ? TimeSpan.FromMilliseconds(long.Parse(text, NumberStyles.None, CultureInfo.InvariantCulture))
            : TimeSpan.Zero;
}

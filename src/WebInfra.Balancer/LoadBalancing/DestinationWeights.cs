using System.Globalization;
using System.Runtime.CompilerServices;
using Yarp.ReverseProxy.Model;
using WebInfra.Topology.Model;

namespace WebInfra.Balancer.LoadBalancing;

/// <summary>
/// A destination's weight (HAProxy's <c>server ... weight N</c>), which YARP has no field for: the topology's value
/// travels in the destination's metadata and is parsed once per configuration snapshot, because the policies read it
/// on every request.
/// </summary>
internal static class DestinationWeights
{
    /// <summary>Destination metadata key holding the member's weight.</summary>
    public const string MetadataKey = "WebInfra.Weight";

    // Keyed on the model, not the state: YARP replaces the model when the destination's configuration changes,
    // so a new weight is picked up and the old entry goes with the old model.
    private static readonly ConditionalWeakTable<DestinationModel, StrongBox<int>> s_weights = [];

    /// <summary>The weight of <paramref name="destination"/>; the default for a destination without one.</summary>
    public static int Of(DestinationState destination)
    {
        // Only destinations built outside YARP's configuration (tests) have no model.
        var model = destination.Model;
        return model is null ? BackendMember.DefaultWeight : s_weights.GetValue(model, static m => new(Parse(m.Config.Metadata))).Value;
    }

    private static int Parse(IReadOnlyDictionary<string, string>? metadata)
    {
        if (metadata is null || !metadata.TryGetValue(MetadataKey, out var text))
        {
            return BackendMember.DefaultWeight;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var weight) && weight is >= BackendMember.MinimumWeight and <= BackendMember.MaximumWeight
            ? weight
            : throw new InvalidOperationException($"destination metadata '{MetadataKey}' is '{text}', not a weight from {BackendMember.MinimumWeight} to {BackendMember.MaximumWeight}");
    }
}

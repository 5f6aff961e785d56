using System.Globalization;

namespace WebInfra.Balancer.Configuration;

/// <summary>
/// Reads the settings YARP has no field for (rise, fall, error limit) back out of a cluster's metadata, where
/// <see cref="BackendProxyConfig"/> put them.
/// </summary>
internal static class ClusterMetadata
{
    public static int ReadCount(IReadOnlyDictionary<string, string>? metadata, string key) =>
        metadata is not null && metadata.TryGetValue(key, out var text) && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0
            ? value
            : throw new InvalidOperationException($"cluster metadata '{key}' is missing or not a positive number");
}

using System.Text.Json.Serialization;

namespace WebInfra.Topology.Faults;

/// <summary>The JSON form of <c>faults.json</c>.</summary>
[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(SiteFaults))]
internal sealed partial class SiteFaultsJsonContext : JsonSerializerContext;

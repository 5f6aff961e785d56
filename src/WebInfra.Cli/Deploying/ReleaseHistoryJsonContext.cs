using System.Text.Json.Serialization;

namespace WebInfra.Cli.Deploying;

[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, UseStringEnumConverter = true)]
[JsonSerializable(typeof(List<ReleaseRecord>))]
internal sealed partial class ReleaseHistoryJsonContext : JsonSerializerContext;

using System.Text.Json.Serialization;

namespace WebInfra.Cli.Supervision;

[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(RunState))]
internal sealed partial class RunStateJsonContext : JsonSerializerContext;

using System.Text.Json.Serialization;
using WebInfra.Balancer.Administration;

namespace WebInfra.Cli.Rendering;

/// <summary>The JSON form of <c>status --json</c>, a contract scripts rely on.</summary>
internal sealed record StatusDocument(
    [property: JsonPropertyName("site")] string Site,
    [property: JsonPropertyName("dashboard")] string? Dashboard,
    [property: JsonPropertyName("nodes")] IReadOnlyList<StatusNode> Nodes,
    [property: JsonPropertyName("backends")] IReadOnlyList<BackendStatus> Backends);

/// <summary>One node in <see cref="StatusDocument"/>.</summary>
internal sealed record StatusNode(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("server")] string Server,
    [property: JsonPropertyName("role")] string Role,
    [property: JsonPropertyName("address")] string Address,
    [property: JsonPropertyName("pid")] int? Pid,
    [property: JsonPropertyName("state")] string State);

[JsonSourceGenerationOptions(WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.Never, PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(StatusDocument))]
internal sealed partial class StatusJsonContext : JsonSerializerContext;

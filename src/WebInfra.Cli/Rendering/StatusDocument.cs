using System.Text.Json.Serialization;
using WebInfra.Balancer.Administration;

namespace WebInfra.Cli.Rendering;

/// <summary>The JSON form of <c>status --json</c>, a contract scripts rely on.</summary>
internal sealed record StatusDocument(
    [property: JsonPropertyName("site")] string Site,
    [property: JsonPropertyName("dashboard")] string? Dashboard,
    [property: JsonPropertyName("nodes")] IReadOnlyList<StatusNode> Nodes,
    [property: JsonPropertyName("backends")] IReadOnlyList<BackendStatus> Backends,
    [property: JsonPropertyName("faults")] IReadOnlyList<StatusFault> Faults);

/// <summary>One node in <see cref="StatusDocument"/>.</summary>
internal sealed record StatusNode(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("server")] string Server,
    [property: JsonPropertyName("role")] string Role,
    [property: JsonPropertyName("address")] string Address,
    [property: JsonPropertyName("pid")] int? Pid,
    [property: JsonPropertyName("state")] string State);

/// <summary>One fault in <see cref="StatusDocument"/>: a partition (from, to, one_way) or a slow link (server, delay_ms, jitter_ms, loss_percent).</summary>
internal sealed record StatusFault(
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("description")] string Description,
    [property: JsonPropertyName("from")] string? From,
    [property: JsonPropertyName("to")] string? To,
    [property: JsonPropertyName("one_way")] bool? OneWay,
    [property: JsonPropertyName("server")] string? Server,
    [property: JsonPropertyName("delay_ms")] double? DelayMs,
    [property: JsonPropertyName("jitter_ms")] double? JitterMs,
    [property: JsonPropertyName("loss_percent")] double? LossPercent);

[JsonSourceGenerationOptions(WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.Never, PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(StatusDocument))]
internal sealed partial class StatusJsonContext : JsonSerializerContext;

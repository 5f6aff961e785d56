using System.Text.Json.Serialization;
using WebInfra.App.Application;
using WebInfra.Balancer.Administration;

namespace WebInfra.Cli.Rendering;

/// <summary>The JSON form of <c>status --json</c>, a contract scripts rely on.</summary>
internal sealed record StatusDocument(
    [property: JsonPropertyName("site")] string Site,
    [property: JsonPropertyName("dashboard")] string? Dashboard,
    [property: JsonPropertyName("nodes")] IReadOnlyList<StatusNode> Nodes,
    [property: JsonPropertyName("backends")] IReadOnlyList<BackendStatus> Backends,
    [property: JsonPropertyName("faults")] IReadOnlyList<StatusFault> Faults,
    [property: JsonPropertyName("vips")] IReadOnlyList<StatusVip> Vips,
    [property: JsonPropertyName("applications")] IReadOnlyList<ApplicationStatus> Applications);

/// <summary>One VIP in <see cref="StatusDocument"/>: its address, the servers holding it (one; none or two are trouble), and each balancer's VRRP state.</summary>
internal sealed record StatusVip(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("address")] string Address,
    [property: JsonPropertyName("held_by")] IReadOnlyList<string> HeldBy,
    [property: JsonPropertyName("balancers")] IReadOnlyList<StatusVipMember> Balancers);

/// <summary>One balancer of a VIP in <see cref="StatusVip"/>; <c>vrrp</c> is MASTER, BACKUP, FAULT or INIT (keepalived not running).</summary>
internal sealed record StatusVipMember(
    [property: JsonPropertyName("balancer")] string Balancer,
    [property: JsonPropertyName("server")] string Server,
    [property: JsonPropertyName("priority")] int Priority,
    [property: JsonPropertyName("vrrp")] string Vrrp,
    [property: JsonPropertyName("since")] DateTimeOffset? Since,
    [property: JsonPropertyName("takeovers")] int Takeovers);

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

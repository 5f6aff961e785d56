using System.Text.Json.Serialization;
using WebInfra.Monitoring.Sampling;

namespace WebInfra.Monitoring.Dashboard;

/// <summary>The dashboard's JSON, generated at build time, in the admin endpoints' snake_case.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(DashboardSnapshot))]
[JsonSerializable(typeof(BackendView))]
internal sealed partial class DashboardJsonContext : JsonSerializerContext;

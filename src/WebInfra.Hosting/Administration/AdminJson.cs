using System.Text.Json;

namespace WebInfra.Hosting.Administration;

/// <summary>The JSON shape of every admin endpoint (snake_case, as <c>webinfra status --json</c> writes), shared by servers and the CLI.</summary>
public static class AdminJson
{
    /// <summary>Serializer options for admin requests and responses.</summary>
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
    };
}

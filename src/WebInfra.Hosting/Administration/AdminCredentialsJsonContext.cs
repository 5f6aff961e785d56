using System.Text.Json.Serialization;

namespace WebInfra.Hosting.Administration;

/// <summary>The credentials file's JSON (<c>{"admin_token": "…", "read_token": "…"}</c>), generated at build time.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, WriteIndented = true)]
[JsonSerializable(typeof(AdminCredentials))]
internal sealed partial class AdminCredentialsJsonContext : JsonSerializerContext;

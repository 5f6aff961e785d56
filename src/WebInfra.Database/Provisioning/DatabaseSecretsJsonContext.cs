using System.Text.Json.Serialization;

namespace WebInfra.Database.Provisioning;

/// <summary>
/// The secrets file's JSON shape, generated at build time. Every property is required and non-null,
/// so a truncated or hand-damaged file is rejected instead of yielding empty passwords.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    WriteIndented = true,
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true)]
[JsonSerializable(typeof(DatabaseSecrets))]
internal sealed partial class DatabaseSecretsJsonContext : JsonSerializerContext
{
}

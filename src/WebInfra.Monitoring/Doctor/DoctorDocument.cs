using System.Text.Json.Serialization;

namespace WebInfra.Monitoring.Doctor;

/// <summary>The JSON form of <c>doctor --json</c>.</summary>
internal sealed record DoctorDocument(
    [property: JsonPropertyName("topology")] string Topology,
    [property: JsonPropertyName("errors")] int Errors,
    [property: JsonPropertyName("warnings")] int Warnings,
    [property: JsonPropertyName("infos")] int Infos,
    [property: JsonPropertyName("findings")] IReadOnlyList<DoctorDocumentFinding> Findings);

/// <summary>One finding in <see cref="DoctorDocument"/>; <c>location</c> is <c>file:line:col</c>.</summary>
internal sealed record DoctorDocumentFinding(
    [property: JsonPropertyName("rule")] string Rule,
    [property: JsonPropertyName("severity")] string Severity,
    [property: JsonPropertyName("subject")] string Subject,
    [property: JsonPropertyName("location")] string Location,
    [property: JsonPropertyName("problem")] string Problem,
    [property: JsonPropertyName("fix")] string Fix,
    [property: JsonPropertyName("snippet")] string? Snippet);

[JsonSourceGenerationOptions(WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(DoctorDocument))]
internal sealed partial class DoctorJsonContext : JsonSerializerContext;

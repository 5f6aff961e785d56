using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace WebInfra.Monitoring.Doctor;

/// <summary>
/// What <c>doctor</c> found in one topology, in the order it prints them, with the counts its summary line and exit
/// code come from.
/// </summary>
/// <param name="Topology">The topology file as the user named it.</param>
/// <param name="Findings">Every finding, errors first, then by location.</param>
public sealed record DoctorReport(string Topology, IReadOnlyList<Finding> Findings)
{
    // Problems and fixes quote names ('server-1/db') and YAML; the output goes to a terminal or a script, never into
    // HTML, so it keeps them readable instead of escaping them as \u0027.
    private static readonly DoctorJsonContext s_json = new(new JsonSerializerOptions(DoctorJsonContext.Default.Options) { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });

    /// <summary>How many findings are errors; any makes <c>doctor</c> exit 1.</summary>
    public int Errors => Count(FindingSeverity.Error);

    /// <summary>How many findings are warnings.</summary>
    public int Warnings => Count(FindingSeverity.Warning);

    /// <summary>How many findings are for information.</summary>
    public int Infos => Count(FindingSeverity.Info);

    /// <summary>The line under the table, e.g. <c>1 error, 7 warnings</c> (infos only when there are some).</summary>
    public string Summary =>
        string.Join(", ", new[] { Plural(Errors, "error"), Plural(Warnings, "warning"), Infos > 0 ? Plural(Infos, "info") : null }.OfType<string>());

    /// <summary>The report as <c>doctor --json</c> prints it, a contract scripts rely on.</summary>
    public string ToJson() => JsonSerializer.Serialize(
        new DoctorDocument(Topology, Errors, Warnings, Infos, [.. Findings.Select(f => new DoctorDocumentFinding(
            f.Rule, SeverityName(f.Severity), f.Subject, f.Location.ToString(), f.Problem, f.Fix, f.Snippet))]),
        s_json.DoctorDocument);

    /// <summary>The word a severity is printed as: <c>error</c>, <c>warning</c>, <c>info</c>.</summary>
    public static string SeverityName(FindingSeverity severity) => severity switch
    {
        FindingSeverity.Error => "error",
        FindingSeverity.Warning => "warning",
        _ => "info",
    };

    private int Count(FindingSeverity severity) => Findings.Count(f => f.Severity == severity);

    private static string Plural(int count, string noun) =>
        string.Create(CultureInfo.InvariantCulture, $"{count} {noun}{(count == 1 || noun == "info" ? string.Empty : "s")}");
}

using WebInfra.Topology.Model;

namespace WebInfra.Monitoring.Doctor;

/// <summary>
/// One thing <c>doctor</c> found in a topology: what is wrong, where, and the concrete change that fixes it, so a
/// reader can act on it without knowing the rule behind it.
/// </summary>
/// <param name="Rule">The rule that found it, one of <see cref="DoctorRules"/>.</param>
/// <param name="Severity">How much it matters.</param>
/// <param name="Subject">What it is about: a component (<c>server-1/db</c>), a server, a backend (<c>backend 'app'</c>) or <c>site</c>.</param>
/// <param name="Location">Where in the topology file the subject is written (the file's first line for the site as a whole).</param>
/// <param name="Problem">What is wrong and what it costs.</param>
/// <param name="Fix">What to change.</param>
/// <param name="Snippet">The text to add or change (topology YAML, or configuration outside WebInfra), when there is one.</param>
public sealed record Finding(
    string Rule,
    FindingSeverity Severity,
    string Subject,
    SourceLocation Location,
    string Problem,
    string Fix,
    string? Snippet = null);

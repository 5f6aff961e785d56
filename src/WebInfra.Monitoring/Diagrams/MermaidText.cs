using System.Text;
using WebInfra.Topology.Model;

namespace WebInfra.Monitoring.Diagrams;

/// <summary>
/// Makes names safe for Mermaid: node ids of letters, digits and underscores only (a <c>/</c> or <c>-</c> in an id
/// breaks the parser, and <c>end</c> is a keyword, hence the prefixes), labels in quotes, and sequence diagram text
/// without the <c>;</c> and <c>#</c> that end a statement there.
/// </summary>
internal sealed class MermaidText
{
    private readonly Dictionary<string, string> _ids = new(StringComparer.Ordinal);
    private readonly HashSet<string> _taken = new(StringComparer.Ordinal);

    /// <summary>
    /// The id for <paramref name="name"/>, the same on every call: <paramref name="prefix"/> and the name with every
    /// other character as <c>_</c>, numbered when two names would collide (<c>server-1</c> and <c>server_1</c>).
    /// </summary>
    public string Id(string prefix, string name)
    {
        var key = prefix + "\0" + name;
        if (_ids.TryGetValue(key, out var id))
        {
            return id;
        }

        var sanitized = new StringBuilder(prefix);
        foreach (var c in name)
        {
            sanitized.Append(char.IsAsciiLetterOrDigit(c) ? c : '_');
        }

        id = sanitized.ToString();
        for (var n = 2; !_taken.Add(id); n++)
        {
            id = $"{sanitized}_{n}";
        }

        _ids[key] = id;
        return id;
    }

    /// <summary>A flowchart label in quotes, with any quote inside written as Mermaid's entity.</summary>
    public static string Quote(string text) => "\"" + text.Replace("\"", "#quot;", StringComparison.Ordinal) + "\"";

    /// <summary>Sequence diagram text with <c>;</c> and <c>#</c> written as entities, since there they end the statement.</summary>
    public static string Plain(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var plain = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            plain.Append(c switch { '#' => "#35;", ';' => "#59;", _ => c.ToString() });
        }

        return plain.ToString();
    }

    /// <summary>A component's label: its name (and a database node's role), then its address and port on a second line.</summary>
    public static string Label(Component component)
    {
        ArgumentNullException.ThrowIfNull(component);
        var role = component.Kind == ComponentKind.Database
            ? component.Role == ComponentRole.DatabasePrimary ? " (primary)" : " (replica)"
            : string.Empty;
        return $"{component.Name}{role}<br/>{component.Authority}";
    }

    /// <summary>A diagram's statements, one a line, ending with a newline (<c>\n</c> on every platform, so output is the same everywhere).</summary>
    public static string Lines(IEnumerable<string> lines) => new StringBuilder().AppendJoin('\n', lines).Append('\n').ToString();
}

using WebInfra.Topology.Model;

namespace WebInfra.Topology.Loading;

/// <summary>One thing wrong with a topology file, where it is, and what would fix it.</summary>
/// <param name="Location">Where the mistake is written.</param>
/// <param name="Message">What is wrong, naming the key and the value.</param>
/// <param name="Hint">What the user can do about it, or null when the message says it all.</param>
public sealed record TopologyError(SourceLocation Location, string Message, string? Hint = null)
{
    /// <summary><c>file:line:col: message</c>, then the hint indented on its own line.</summary>
    public override string ToString() => Hint is null ? $"{Location}: {Message}" : $"{Location}: {Message}{Environment.NewLine}  {Hint}";
}

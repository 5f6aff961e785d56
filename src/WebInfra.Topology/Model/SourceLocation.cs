namespace WebInfra.Topology.Model;

/// <summary>
/// Where a value was written in a topology file, so that every error can point at the line a user has to fix.
/// </summary>
/// <param name="File">The topology file as the user named it.</param>
/// <param name="Line">One-based line.</param>
/// <param name="Column">One-based column.</param>
public sealed record SourceLocation(string File, int Line, int Column)
{
    /// <summary>The <c>file:line:col</c> form compilers use, which editors turn into links.</summary>
    public override string ToString() => $"{File}:{Line}:{Column}";
}

namespace WebInfra.Hosts;

/// <summary>The last lines of a component's log, and where they were read, for a person to look further.</summary>
/// <param name="Source">A file's path, or the journal of the component's units on its host (<c>journalctl -u ...</c>).</param>
/// <param name="Lines">The lines, oldest first; empty when the component has written nothing yet.</param>
public sealed record LogExcerpt(string Source, IReadOnlyList<string> Lines);

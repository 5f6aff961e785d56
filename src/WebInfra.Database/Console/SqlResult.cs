namespace WebInfra.Database.Console;

/// <summary>
/// What a statement typed at the WebInfra SQL console returned, already rendered as text, so the
/// CLI can print it as a table without knowing MariaDB's types.
/// </summary>
/// <param name="Columns">The column names of the result set; empty for statements that return no rows.</param>
/// <param name="Rows">The rows, each value as text or null for SQL NULL.</param>
/// <param name="RecordsAffected">Rows changed by INSERT, UPDATE or DELETE; -1 when the statements changed none (a SELECT).</param>
public sealed record SqlResult(IReadOnlyList<string> Columns, IReadOnlyList<IReadOnlyList<string?>> Rows, int RecordsAffected);

using System.Globalization;

namespace WebInfra.Database.Failover;

/// <summary>
/// The file in the run state that names the agreed primary and its epoch, and says when it runs degraded
/// (<c>server-2/db 3</c>, <c>server-2/db 3 degraded</c>), for a site with one monitor. A file from before epochs (the name
/// alone) reads as epoch 0. Written by rename, so a reader never sees half a record.
/// </summary>
public sealed class PrimaryRecord(string stateDirectory)
{
    private const string DegradedWord = "degraded";

    /// <summary>The record's file: <c>database/primary</c> in the run state.</summary>
    public string Path { get; } = System.IO.Path.Combine(stateDirectory, "database", "primary");

    /// <summary>The record, or null when there is none yet.</summary>
    public PrimaryEpoch? Read() => File.Exists(Path) ? Parse(File.ReadAllText(Path)) : null;

    /// <summary>A record's text (<c>server-2/db 3</c>, or the name alone for epoch 0), or null when it names no node.</summary>
    public static PrimaryEpoch? Parse(string text)
    {
        if (text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries) is not { Length: > 0 } words)
        {
            return null;
        }

        return new PrimaryEpoch(
            words[0],
            words.Length > 1 && long.TryParse(words[1], NumberStyles.None, CultureInfo.InvariantCulture, out var epoch) ? epoch : 0,
            words.Length > 2 && words[2] == DegradedWord);
    }

    /// <summary>A record's text: the node's name, then its epoch, then <c>degraded</c> when it is.</summary>
    public static string Format(PrimaryEpoch primary) =>
        string.Create(CultureInfo.InvariantCulture, $"{primary.Node} {primary.Epoch}{(primary.Degraded ? " " + DegradedWord : string.Empty)}");

    /// <summary>Replaces the record with <paramref name="primary"/>, by rename.</summary>
    public void Write(PrimaryEpoch primary)
    {
        ArgumentNullException.ThrowIfNull(primary);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        var temporary = Path + ".tmp";
        File.WriteAllText(temporary, Format(primary) + "\n");
        File.Move(temporary, Path, overwrite: true);
    }
}

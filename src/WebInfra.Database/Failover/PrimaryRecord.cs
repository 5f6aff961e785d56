namespace WebInfra.Database.Failover;

/// <summary>
/// The name of the current primary, kept in the run state (<c>database/primary</c>) so a restarted monitor knows
/// which node it promoted last even when every node comes back read-only.
/// </summary>
internal sealed class PrimaryRecord(string stateDirectory)
{
    public string Path { get; } = System.IO.Path.Combine(stateDirectory, "database", "primary");

    public string? Read() => File.Exists(Path) ? File.ReadAllText(Path).Trim() is { Length: > 0 } name ? name : null : null;

    /// <summary>Replaces the file atomically, so a monitor killed while writing leaves the old name or the new one.</summary>
    public void Write(string name)
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        var temporary = Path + ".tmp";
        File.WriteAllText(temporary, name + "\n");
        File.Move(temporary, Path, overwrite: true);
    }
}

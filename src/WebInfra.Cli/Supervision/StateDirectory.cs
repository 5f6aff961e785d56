using System.Text.Json;
using WebInfra.Hosting;

namespace WebInfra.Cli.Supervision;

/// <summary>
/// The run-state folder (<c>.webinfra/</c>): the state file, one log per node and the database data directories.
/// Git ignores it; <c>down --purge</c> deletes it.
/// </summary>
internal sealed class StateDirectory(string path)
{
    public string Path { get; } = System.IO.Path.GetFullPath(path);

    public string StateFile => System.IO.Path.Combine(Path, "state.json");

    public string LogsDirectory => ComponentContext.LogsDirectoryIn(Path);

    public string LogFile(string nodeName) => System.IO.Path.Combine(LogsDirectory, ComponentContext.FileNameOf(nodeName) + ".log");

    public string AccessLogFile(string nodeName) => ComponentContext.AccessLogPathIn(Path, nodeName);

    public RunState? Load()
    {
        if (!File.Exists(StateFile))
        {
            return null;
        }

        using var stream = File.OpenRead(StateFile);
        return JsonSerializer.Deserialize(stream, RunStateJsonContext.Default.RunState);
    }

    /// <summary>Writes the state atomically: a reader never sees a half-written file.</summary>
    public void Save(RunState state)
    {
        Directory.CreateDirectory(Path);
        var temporary = StateFile + ".tmp";
        File.WriteAllText(temporary, JsonSerializer.Serialize(state, RunStateJsonContext.Default.RunState));
        File.Move(temporary, StateFile, overwrite: true);
    }
}

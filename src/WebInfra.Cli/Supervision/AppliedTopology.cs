using WebInfra.Topology.Loading;

namespace WebInfra.Cli.Supervision;

/// <summary>
/// A copy of the topology text the running site applied last (at <c>up</c> and at each successful <c>reload</c>), kept
/// in the run-state folder: a file edited in place since no longer says what runs, and <c>diff</c>, <c>reload</c> and
/// every command that talks to the running site read this copy instead. Relative paths in it are still resolved against
/// the folder of the file it was read from.
/// </summary>
internal static class AppliedTopology
{
    /// <summary>The copy of the applied text in <paramref name="state"/>.</summary>
    public static string PathIn(StateDirectory state) => System.IO.Path.Combine(state.Path, "applied-topology.yaml");

    /// <summary>Reads <paramref name="path"/> once, so what is validated is exactly what is saved once applied.</summary>
    /// <exception cref="TopologyException">The file is missing or invalid.</exception>
    public static (string Text, Topology.Model.Topology Topology) Read(string path)
    {
        var fullPath = System.IO.Path.GetFullPath(path);
        if (!File.Exists(fullPath))
        {
            // The loader reports a missing file with its location, as for every other command.
            TopologyLoader.Load(path);
        }

        var text = File.ReadAllText(fullPath);
        return (text, TopologyLoader.Parse(text, path, System.IO.Path.GetDirectoryName(fullPath)!, fullPath));
    }

    /// <summary>Saves <paramref name="text"/> as what the site runs.</summary>
    public static void Save(StateDirectory state, string text)
    {
        var temporary = PathIn(state) + ".tmp";
        File.WriteAllText(temporary, text);
        File.Move(temporary, PathIn(state), overwrite: true);
    }

    /// <summary>Saves the text of <paramref name="topology"/>'s file as what the site runs (at <c>up</c>).</summary>
    public static void Save(StateDirectory state, Topology.Model.Topology topology) => Save(state, File.ReadAllText(topology.SourcePath));

    /// <summary>
    /// The topology the site in <paramref name="runState"/> runs: the applied copy, read as if it were its file (errors
    /// name that file), or the file itself for a site brought up before copies were kept.
    /// </summary>
    public static Topology.Model.Topology Load(StateDirectory state, RunState runState)
    {
        var copy = PathIn(state);
        return File.Exists(copy)
            ? TopologyLoader.Parse(File.ReadAllText(copy), runState.Topology, System.IO.Path.GetDirectoryName(runState.Topology)!, runState.Topology)
            : TopologyLoader.Load(runState.Topology);
    }
}

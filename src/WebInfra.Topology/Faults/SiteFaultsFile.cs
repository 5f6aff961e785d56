using System.Text.Json;

namespace WebInfra.Topology.Faults;

/// <summary>
/// <c>faults.json</c> in a site's run-state folder: the faults the CLI set, as it read them back from the kernel after
/// each change. <c>status</c> lists them and the monitor's dashboard reads the file each round to report a change. The
/// kernel stays the truth: <c>heal</c> removes every rule it finds, whether this file knows it or not.
/// </summary>
public static class SiteFaultsFile
{
    /// <summary>The file's name in the run-state folder.</summary>
    public const string FileName = "faults.json";

    /// <summary>The file of the site whose run state is in <paramref name="stateDirectory"/>.</summary>
    public static string PathIn(string stateDirectory) => Path.Combine(stateDirectory, FileName);

    /// <summary>The faults recorded in <paramref name="stateDirectory"/>; none when there is no file, or it cannot be read.</summary>
    public static SiteFaults Load(string stateDirectory)
    {
        try
        {
            using var stream = File.OpenRead(PathIn(stateDirectory));
            return JsonSerializer.Deserialize(stream, SiteFaultsJsonContext.Default.SiteFaults) ?? SiteFaults.None;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or JsonException)
        {
            return SiteFaults.None;
        }
    }

    /// <summary>Writes <paramref name="faults"/> atomically (a reader never sees half a file), or deletes the file when there is none.</summary>
    public static void Save(string stateDirectory, SiteFaults faults)
    {
        ArgumentNullException.ThrowIfNull(faults);
        var path = PathIn(stateDirectory);
        if (!faults.Any)
        {
            Delete(stateDirectory);
            return;
        }

        Directory.CreateDirectory(stateDirectory);
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, JsonSerializer.Serialize(faults, SiteFaultsJsonContext.Default.SiteFaults));
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>Removes the file (<c>down</c>: deleting the namespaces removed every fault).</summary>
    public static void Delete(string stateDirectory)
    {
        if (Directory.Exists(stateDirectory))
        {
            File.Delete(PathIn(stateDirectory));
        }
    }
}

using System.Text.Json;
using WebInfra.Cli.Supervision;
using WebInfra.Hosting.Releases;

namespace WebInfra.Cli.Deploying;

/// <summary>
/// Every release made and every rollback, oldest first, in <c>releases/history.json</c> in the run state: what
/// <c>deploy history</c> lists, and where the next release's number comes from, so an id is never used twice even after
/// its folders were pruned.
/// </summary>
internal sealed class ReleaseHistory(StateDirectory state)
{
    public string FilePath => Path.Combine(ReleaseStore.RootIn(state.Path), "history.json");

    public List<ReleaseRecord> Load()
    {
        if (!File.Exists(FilePath))
        {
            return [];
        }

        using var stream = File.OpenRead(FilePath);
        return JsonSerializer.Deserialize(stream, ReleaseHistoryJsonContext.Default.ListReleaseRecord) ?? [];
    }

    /// <summary>Adds <paramref name="record"/>, or writes it again when it is already there (its result changed).</summary>
    public void Save(ReleaseRecord record)
    {
        var records = Load();
        var index = records.FindIndex(r => r.Release == record.Release && r.Command == record.Command && r.At == record.At);
        if (index < 0)
        {
            records.Add(record);
        }
        else
        {
            records[index] = record;
        }

        // Written whole, then renamed: a reader never sees half a file.
        Directory.CreateDirectory(Path.GetDirectoryName(FilePath)!);
        var temporary = FilePath + ".tmp";
        File.WriteAllText(temporary, JsonSerializer.Serialize(records, ReleaseHistoryJsonContext.Default.ListReleaseRecord));
        File.Move(temporary, FilePath, overwrite: true);
    }
}

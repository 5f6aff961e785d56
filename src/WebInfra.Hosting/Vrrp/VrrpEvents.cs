using System.Globalization;

namespace WebInfra.Hosting.Vrrp;

/// <summary>
/// Reads and records one server's VRRP events (<see cref="KeepalivedFiles.Events"/>): keepalived's own reports, in the
/// order it wrote them to its notify FIFO, and the starts WebInfra records before it starts keepalived. A keepalived that
/// is not running (found from its pid file) reports nothing: the last state it wrote is history, not the present.
/// </summary>
public static class VrrpEvents
{
    /// <summary>The states keepalived reports on its notify FIFO; STOP and DELETED read as <see cref="VrrpState.Init"/>.</summary>
    private static readonly HashSet<string> s_states = new(["MASTER", "BACKUP", "FAULT", "STOP", "DELETED"], StringComparer.Ordinal);

    /// <summary>Records that keepalived starts now for <paramref name="vips"/>: each is <see cref="VrrpState.Init"/> until keepalived says otherwise.</summary>
    public static void RecordStart(KeepalivedFiles files, IEnumerable<string> vips, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(files);
        Directory.CreateDirectory(files.Directory);
        File.AppendAllLines(files.Events, vips.Select(vip => Line(now, vip, "INIT")));
    }

    /// <summary>
    /// Records a line keepalived wrote to its notify FIFO (<c>INSTANCE "www" MASTER 150</c>) and returns the VIP and its
    /// state; null for a line about anything but a VRRP instance's state.
    /// </summary>
    public static (string Vip, VrrpState State)? Record(KeepalivedFiles files, string fifoLine, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(fifoLine);
        // Besides states, keepalived reports events such as MASTER_RX_LOWER_PRI (a master heard a lower priority), which
        // change nothing.
        if (fifoLine.Split(' ', StringSplitOptions.RemoveEmptyEntries) is not ["INSTANCE", var quoted, var word, ..] || !s_states.Contains(word))
        {
            return null;
        }

        var vip = quoted.Trim('"');
        File.AppendAllLines(files.Events, [Line(now, vip, word)]);
        return (vip, Parse(word));
    }

    /// <summary>The state of each VIP in <paramref name="vips"/> on the server, in that order.</summary>
    public static IReadOnlyList<VipStatus> Read(KeepalivedFiles files, IEnumerable<string> vips)
    {
        ArgumentNullException.ThrowIfNull(files);
        return Statuses(ReadLines(files.Events), IsRunning(files), vips);
    }

    /// <summary>
    /// The state of each VIP in <paramref name="vips"/>, in that order, from a server's recorded <paramref name="events"/>
    /// (the lines of <see cref="KeepalivedFiles.Events"/>) and whether its keepalived runs now: every VIP
    /// <see cref="VrrpState.Init"/> when it does not.
    /// </summary>
    public static IReadOnlyList<VipStatus> Statuses(IEnumerable<string> events, bool running, IEnumerable<string> vips)
    {
        ArgumentNullException.ThrowIfNull(events);
        var states = vips.ToDictionary(v => v, v => new VipStatus(v, VrrpState.Init, null, 0), StringComparer.Ordinal);
        foreach (var line in events)
        {
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length != 3 || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var milliseconds)
                || !states.TryGetValue(parts[1], out var current))
            {
                continue;
            }

            var state = Parse(parts[2]);
            states[parts[1]] = new VipStatus(parts[1], state, DateTimeOffset.FromUnixTimeMilliseconds(milliseconds),
                current.Takeovers + (state == VrrpState.Master && current.State != VrrpState.Master ? 1 : 0));
        }

        return [.. states.Values.Select(s => running ? s : s with { State = VrrpState.Init })];
    }

    /// <summary>The word <c>status</c> and the dashboard show for a state: keepalived's own, MASTER, BACKUP, FAULT, or INIT.</summary>
    public static string ToWord(this VrrpState state) => state.ToString().ToUpperInvariant();

    /// <summary>Whether the server's keepalived runs now: its pid file names a live keepalived process.</summary>
    public static bool IsRunning(KeepalivedFiles files)
    {
        ArgumentNullException.ThrowIfNull(files);
        try
        {
            var pid = File.ReadAllText(files.PidFile).Trim();
            return int.TryParse(pid, NumberStyles.None, CultureInfo.InvariantCulture, out _)
                && File.ReadAllText($"/proc/{pid}/comm").Trim() == "keepalived";
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static VrrpState Parse(string word) => word switch
    {
        "MASTER" => VrrpState.Master,
        "BACKUP" => VrrpState.Backup,
        "FAULT" => VrrpState.Fault,
        _ => VrrpState.Init,
    };

    private static string Line(DateTimeOffset at, string vip, string state) =>
        string.Create(CultureInfo.InvariantCulture, $"{at.ToUnixTimeMilliseconds()} {vip} {state}");

    private static string[] ReadLines(string path)
    {
        try
        {
            return File.ReadAllLines(path);
        }
        catch (FileNotFoundException)
        {
            return [];
        }
        catch (DirectoryNotFoundException)
        {
            return [];
        }
    }
}

using System.Globalization;

namespace WebInfra.Cli.Supervision;

/// <summary>
/// The one change at a time a running site allows: <c>deploy</c>, <c>rollback</c>, <c>reload</c> and <c>restart</c>
/// each hold it while they change the site, so two of them never interleave their drains, switches and restarts. It is
/// an exclusive lock on <c>change.lock</c> in the run-state folder (held by the kernel, so a command that dies releases
/// it); who holds it is written beside it, so the second command is refused with that name rather than left waiting.
/// </summary>
internal sealed class ChangeLock : IDisposable
{
    private readonly FileStream _lock;
    private readonly string _holderFile;

    private ChangeLock(FileStream lockFile, string holderFile)
    {
        _lock = lockFile;
        _holderFile = holderFile;
    }

    /// <summary>Takes the lock for <paramref name="change"/> (for example "reload of topologies/distributed.yaml").</summary>
    /// <exception cref="SupervisorException">Another command holds it.</exception>
    public static ChangeLock Acquire(StateDirectory state, string change)
    {
        Directory.CreateDirectory(state.Path);
        var path = Path.Combine(state.Path, "change.lock");
        var holderFile = path + ".holder";
        FileStream lockFile;
        try
        {
            // FileShare.None is an exclusive flock(2) on Linux: advisory, released by the kernel when the holder exits.
            lockFile = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            var holder = File.Exists(holderFile) ? File.ReadAllText(holderFile).Trim() : "another command";
            throw new SupervisorException(
                $"the site is being changed already: {holder}. Wait for it to finish, then run this command again.");
        }

        File.WriteAllText(holderFile, string.Create(CultureInfo.InvariantCulture,
            $"{change} (pid {Environment.ProcessId}, by {Environment.UserName}, since {DateTime.UtcNow:yyyy-MM-dd HH:mm:ss} UTC)"));
        return new ChangeLock(lockFile, holderFile);
    }

    public void Dispose()
    {
        File.Delete(_holderFile);
        _lock.Dispose();
    }
}

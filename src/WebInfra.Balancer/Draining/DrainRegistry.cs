using System.Collections.Concurrent;
using WebInfra.Hosting;

namespace WebInfra.Balancer.Draining;

/// <summary>
/// The members an operator has drained (HAProxy's <c>set server ... state drain</c>): they get no new requests while
/// the requests they are serving finish. Kept apart from health, which the probes own: a drained member stays drained
/// however healthy it is, until it is undrained. The set is saved in the run state at each change and read back at
/// start, so a restarted balancer does not send traffic to a member that is being taken out.
/// </summary>
internal sealed class DrainRegistry
{
    private readonly ConcurrentDictionary<string, bool> _drained = new(StringComparer.Ordinal);
    private readonly Lock _saveLock = new();
    private readonly string _path;

    public DrainRegistry(ComponentContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        _path = context.DrainStatePath;
        if (File.Exists(_path))
        {
            foreach (var line in File.ReadAllLines(_path))
            {
                if (line.Length > 0)
                {
                    _drained.TryAdd(line, true);
                }
            }
        }
    }

    public bool IsDrained(string destinationId) => _drained.ContainsKey(destinationId);

    /// <summary>Every drained member, in no particular order.</summary>
    public IReadOnlyList<string> Drained => [.. _drained.Keys];

    /// <summary>Returns true when the member was not drained before.</summary>
    public bool Drain(string destinationId) => Changed(_drained.TryAdd(destinationId, true));

    /// <summary>Returns true when the member was drained before.</summary>
    public bool Undrain(string destinationId) => Changed(_drained.TryRemove(destinationId, out _));

    private bool Changed(bool changed)
    {
        if (changed)
        {
            lock (_saveLock)
            {
                Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
                var temporary = _path + ".tmp";
                File.WriteAllLines(temporary, _drained.Keys.Order(StringComparer.Ordinal));
                File.Move(temporary, _path, overwrite: true);
            }
        }

        return changed;
    }
}

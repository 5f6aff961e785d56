namespace WebInfra.Hosting.Health;

/// <summary>
/// Whether a checked target is up, from its checks in a row as HAProxy counts them: <paramref name="rise"/> passes to come up,
/// <paramref name="fall"/> failures to go down; a failure that proves the target gone (a refused connection) takes it down at
/// once. Before the first check it is neither.
/// </summary>
/// <param name="rise">Passed checks in a row before a target that was down counts as up.</param>
/// <param name="fall">Failed checks in a row before a target that was up counts as down.</param>
public sealed class RiseFall(int rise, int fall)
{
    private int _passes;
    private int _failures;

    /// <summary>Up, down, or null before the first check.</summary>
    public bool? Up { get; private set; }

    /// <summary>Counts one check; true when it changed <see cref="Up"/>. The first check decides at once.</summary>
    public bool Observe(bool passed, bool gone = false)
    {
        (_passes, _failures) = passed ? (_passes + 1, 0) : (0, _failures + 1);
        var now = Up switch
        {
            not true when passed && (Up is null || _passes >= rise) => true,
            not false when !passed && (Up is null || gone || _failures >= fall) => false,
            _ => Up,
        };
        var changed = now != Up;
        Up = now;
        return changed;
    }
}

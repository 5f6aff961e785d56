namespace WebInfra.Hosting.AccessLogs;

/// <summary>
/// The members a request was sent to, in order, as a request feature: the forwarder adds each attempt, the access log
/// writes them (<c>server-1/web</c>, or <c>server-1/web,server-2/web</c> for a request retried elsewhere). Absent when the
/// component keeps no access log; empty for a request answered by the component itself (a static file).
/// </summary>
public sealed class UpstreamAttempts
{
    private UpstreamAttempt _first;
    private List<UpstreamAttempt>? _retries;

    /// <summary>How many attempts were made.</summary>
    public int Count { get; private set; }

    /// <summary>The attempt at <paramref name="index"/>, the first at 0.</summary>
    public UpstreamAttempt this[int index] =>
        (uint)index < (uint)Count ? (index == 0 ? _first : _retries![index - 1]) : throw new ArgumentOutOfRangeException(nameof(index));

    /// <summary>Records an attempt; only a retried request allocates.</summary>
    public void Add(UpstreamAttempt attempt)
    {
        if (Count == 0)
        {
            _first = attempt;
        }
        else
        {
            (_retries ??= []).Add(attempt);
        }

        Count++;
    }
}

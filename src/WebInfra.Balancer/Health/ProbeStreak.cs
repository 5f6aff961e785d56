using Yarp.ReverseProxy.Model;

namespace WebInfra.Balancer.Health;

/// <summary>
/// The run of equal probe outcomes a destination has had, and the health it implies under HAProxy's rise/fall
/// rule: <c>fall</c> failures in a row take a destination out, <c>rise</c> successes in a row bring it back.
/// A destination never probed yet follows its first outcome, as HAProxy trusts a new server until told otherwise.
/// It also counts forwarded requests that failed in a row, so that a destination can be taken out between probes.
/// </summary>
internal sealed class ProbeStreak
{
    private readonly Lock _lock = new();
    private int _successes;
    private int _failures;
    private int _requestErrors;

    public DestinationHealth Record(bool success, DestinationHealth current, int rise, int fall)
    {
        lock (_lock)
        {
            if (success)
            {
                _failures = 0;
                _successes++;
                return current != DestinationHealth.Unhealthy || _successes >= rise ? DestinationHealth.Healthy : current;
            }

            _successes = 0;
            _failures++;
            return _failures >= fall ? DestinationHealth.Unhealthy : current;
        }
    }

    /// <summary>A forwarded request reached the destination and got an answer: the run of failed requests ends.</summary>
    public void RecordRequestSuccess()
    {
        // Read first: on the hot path the count is almost always 0 already, and a read shares the cache line.
        if (Volatile.Read(ref _requestErrors) != 0)
        {
            Volatile.Write(ref _requestErrors, 0);
        }
    }

    /// <summary>
    /// A forwarded request could not connect or was reset. Returns true when this failure completes a run of
    /// <paramref name="errorLimit"/>: the destination is then out as if it had failed <paramref name="fall"/> probes,
    /// so only <c>rise</c> good probes in a row bring it back.
    /// </summary>
    public bool RecordRequestFailure(int errorLimit, int fall)
    {
        lock (_lock)
        {
            if (++_requestErrors < errorLimit)
            {
                return false;
            }

            _requestErrors = 0;
            _successes = 0;
            _failures = Math.Max(_failures, fall);
            return true;
        }
    }
}

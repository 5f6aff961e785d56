using Yarp.ReverseProxy.Model;

namespace WebInfra.Balancer.Health;

/// <summary>
/// The run of equal probe outcomes a destination has had, and the health it implies under HAProxy's rise/fall
/// rule: <c>fall</c> failures in a row take a destination out, <c>rise</c> successes in a row bring it back.
/// A destination never probed yet follows its first outcome, as HAProxy trusts a new server until told otherwise.
/// </summary>
internal sealed class ProbeStreak
{
    private int _successes;
    private int _failures;

    public DestinationHealth Record(bool success, DestinationHealth current, int rise, int fall)
    {
        lock (this)
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
}

using WebInfra.Topology.Loading;
using WebInfra.Topology.Model;

namespace WebInfra.Topology.Validation;

/// <summary>Health checks probe often enough to matter and not so often that probing is the load.</summary>
internal sealed class HealthCheckValidator : ITopologyValidator
{
    public void Validate(Model.Topology topology, ICollection<TopologyError> errors)
    {
        foreach (var backend in topology.Backends)
        {
            var health = backend.Health;
            if (health.Interval < HealthCheckSettings.MinimumInterval)
            {
                errors.Add(new TopologyError(backend.Location,
                    $"backend '{backend.Name}' probes every {health.Interval.TotalMilliseconds}ms; the shortest interval is {HealthCheckSettings.MinimumInterval.TotalMilliseconds}ms"));
            }

            if (health.Timeout > health.Interval)
            {
                errors.Add(new TopologyError(backend.Location,
                    $"backend '{backend.Name}' has a health check timeout ({health.Timeout.TotalMilliseconds}ms) longer than its interval ({health.Interval.TotalMilliseconds}ms)",
                    "a probe must end before the next one starts: shorten timeout or lengthen interval"));
            }
        }
    }
}

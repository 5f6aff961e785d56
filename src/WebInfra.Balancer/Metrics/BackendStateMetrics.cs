using Prometheus;
using WebInfra.Balancer.Administration;
using WebInfra.Hosting.Metrics;

namespace WebInfra.Balancer.Metrics;

/// <summary>
/// Which members of a forwarding component's backend are up and how many can take traffic, computed at each scrape
/// from <see cref="BackendView"/>, the view <c>GET /backend</c> and <c>webinfra status</c> show. A drained member
/// counts as not up; a member not probed yet counts as up, since it takes traffic (HAProxy trusts a new server too).
/// </summary>
internal sealed class BackendStateMetrics(BackendView view) : IStateMetrics
{
    private static readonly Gauge s_memberUp = Prometheus.Metrics.CreateGauge(
        "webinfra_backend_member_up",
        "1 when the member is healthy (or not probed yet) and not drained, else 0.",
        ["backend", "member"]);

    private static readonly Gauge s_membersAvailable = Prometheus.Metrics.CreateGauge(
        "webinfra_backend_members_available",
        "Members that may take new requests now: the healthy active members not drained, or the backups while none is left.",
        ["backend"]);

    // The members last reported, so that one a reload removed leaves the gauge; two scrapes at once take turns.
    private readonly HashSet<string> _reported = new(StringComparer.Ordinal);
    private readonly Lock _refresh = new();

    public void Refresh()
    {
        lock (_refresh)
        {
            Report(view.Snapshot());
        }
    }

    private void Report(BackendStatus backend)
    {
        var available = 0;
        foreach (var gone in _reported.Where(name => !backend.Members.Any(m => m.Name == name)).ToList())
        {
            s_memberUp.RemoveLabelled(backend.Name, gone);
            _reported.Remove(gone);
        }

        foreach (var member in backend.Members)
        {
            _reported.Add(member.Name);

            // The state word of webinfra status: UP and BACKUP (an idle backup) can serve, DOWN and DRAIN cannot.
            s_memberUp.WithLabels(backend.Name, member.Name).Set(member.State is "DOWN" or "DRAIN" ? 0 : 1);
            if (member.Serving)
            {
                available++;
            }
        }

        s_membersAvailable.WithLabels(backend.Name).Set(available);
    }
}

using System.Runtime.CompilerServices;
using Prometheus;
using Yarp.ReverseProxy.Model;
using WebInfra.Hosting;

namespace WebInfra.Balancer.Metrics;

/// <summary>
/// The events of a forwarding component's backend (the balancer's, or a web server's toward the application
/// servers): requests forwarded to each member, retries, and members taken out. Counting a forwarded request is on
/// the proxy's hot path, so each member's series are made once and found again through YARP's destination state
/// object: one table lookup by reference and one atomic add, no label array and no string work per request.
/// </summary>
internal sealed class BackendMetrics
{
    private static readonly Counter s_requests = Prometheus.Metrics.CreateCounter(
        "webinfra_backend_requests_total",
        "Requests forwarded to each member of the backend; every attempt counts, a retried request once per member tried.",
        ["backend", "member"]);

    private static readonly Counter s_retries = Prometheus.Metrics.CreateCounter(
        "webinfra_backend_retries_total",
        "Failed forwarding attempts sent again to another member (HAProxy's redispatch).",
        ["backend"]);

    private static readonly Counter s_ejections = Prometheus.Metrics.CreateCounter(
        "webinfra_backend_ejections_total",
        "Times a member was marked down, by failed health checks or by failed requests in a row.",
        ["backend", "member"]);

    private readonly Dictionary<string, MemberSeries> _byName;
    private readonly ConditionalWeakTable<DestinationState, MemberSeries> _byDestination = [];
    private readonly ConditionalWeakTable<DestinationState, MemberSeries>.CreateValueCallback _find;
    private readonly Counter.Child _retries;

    public BackendMetrics(ComponentContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var backend = context.Topology.FindBackend(context.Component.Backend)!;

        // Every member's series exist from the start at 0, so the first requests already show as a rate; a member a
        // reload adds gets its series at its first request.
        _byName = context.Topology.ResolveMembers(backend).ToDictionary(m => m.Component.Name, m => Series(backend.Name, m.Component.Name), StringComparer.Ordinal);
        _retries = s_retries.WithLabels(backend.Name);
        _find = destination => _byName.GetValueOrDefault(destination.DestinationId) ?? Series(backend.Name, destination.DestinationId);
    }

    /// <summary>A request (or a retry of one) was sent to <paramref name="destination"/>.</summary>
    public void Forwarded(DestinationState destination) => Of(destination).Requests.Inc();

    /// <summary>A failed attempt goes again to another member.</summary>
    public void Retried() => _retries.Inc();

    /// <summary><paramref name="destination"/> was marked down.</summary>
    public void Ejected(DestinationState destination) => Of(destination).Ejections.Inc();

    private MemberSeries Of(DestinationState destination) => _byDestination.GetValue(destination, _find);

    private static MemberSeries Series(string backend, string member) =>
        new(s_requests.WithLabels(backend, member), s_ejections.WithLabels(backend, member));

    private sealed record MemberSeries(Counter.Child Requests, Counter.Child Ejections);
}

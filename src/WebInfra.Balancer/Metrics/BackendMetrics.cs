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

    private static readonly Counter s_serverErrors = Prometheus.Metrics.CreateCounter(
        "webinfra_backend_server_errors_total",
        "Forwarding attempts to each member that ended in a 5xx: its own, or the 502/503/504 of a failed attempt. Over webinfra_backend_requests_total, the member's error rate, which a deploy's canary is judged by.",
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
    private readonly string _backend;

    public BackendMetrics(ComponentContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var backend = context.Topology.FindBackend(context.Component.Backend)!;
        _backend = backend.Name;

        // Every member's series exist from the start at 0, so the first requests already show as a rate; a member a
        // reload adds gets its series at its first request.
        _byName = context.Topology.ResolveMembers(backend).ToDictionary(m => m.Component.Name, m => Series(backend.Name, m.Component.Name), StringComparer.Ordinal);
        _retries = s_retries.WithLabels(backend.Name);
        _find = destination => _byName.GetValueOrDefault(destination.DestinationId) ?? Series(backend.Name, destination.DestinationId);
    }

    /// <summary>A request (or a retry of one) was sent to <paramref name="destination"/> and ended with <paramref name="statusCode"/>.</summary>
    public void Forwarded(DestinationState destination, int statusCode)
    {
        var series = Of(destination);
        series.Requests.Inc();
        if (statusCode >= 500)
        {
            series.ServerErrors.Inc();
        }
    }

    /// <summary>The attempts forwarded to <paramref name="memberName"/> since this component started, and those that ended in a 5xx.</summary>
    public (long Requests, long ServerErrors) CountsOf(string memberName)
    {
        var series = _byName.GetValueOrDefault(memberName) ?? Series(_backend, memberName);
        return ((long)series.Requests.Value, (long)series.ServerErrors.Value);
    }

    /// <summary>A failed attempt goes again to another member.</summary>
    public void Retried() => _retries.Inc();

    /// <summary><paramref name="destination"/> was marked down.</summary>
    public void Ejected(DestinationState destination) => Of(destination).Ejections.Inc();

    private MemberSeries Of(DestinationState destination) => _byDestination.GetValue(destination, _find);

    private static MemberSeries Series(string backend, string member) =>
        new(s_requests.WithLabels(backend, member), s_serverErrors.WithLabels(backend, member), s_ejections.WithLabels(backend, member));

    private sealed record MemberSeries(Counter.Child Requests, Counter.Child ServerErrors, Counter.Child Ejections);
}

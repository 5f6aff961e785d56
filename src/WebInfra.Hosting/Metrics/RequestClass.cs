using System.Globalization;
using Prometheus;

namespace WebInfra.Hosting.Metrics;

/// <summary>
/// What kind of request a response answered: the <c>class</c> label of <c>webinfra_http_requests_total</c> and
/// <c>webinfra_http_request_duration_seconds</c>, so that a dashboard or an alert can tell static files, forwarded
/// requests and health probes apart. An endpoint carries one as metadata; the instances cache their metric series so
/// that counting a request costs an array lookup, not a label lookup.
/// </summary>
public sealed class RequestClass
{
    private const int StatusCodeLimit = 600;
    private readonly Counter.Child?[] _requestsByStatus = new Counter.Child?[StatusCodeLimit];

    private Histogram.Child? _duration;

    private RequestClass(string name) => Name = name;

    /// <summary>A file served by the web tier itself.</summary>
    public static RequestClass Static { get; } = new("static");

    /// <summary>A request forwarded to a backend (the balancer's, or the web tier's to the application).</summary>
    public static RequestClass Forwarded { get; } = new("forwarded");

    /// <summary>The application's JSON API.</summary>
    public static RequestClass Api { get; } = new("api");

    /// <summary>The application's HTML pages.</summary>
    public static RequestClass Page { get; } = new("page");

    /// <summary>A health probe (<c>/healthz</c>), kept apart so probes do not dilute the site's figures.</summary>
    public static RequestClass Health { get; } = new("health");

    /// <summary>Anything else, such as a path no endpoint serves.</summary>
    public static RequestClass Other { get; } = new("other");

    /// <summary>The label value.</summary>
    public string Name { get; }

    /// <summary>The latency series of this class, created on first use so a component exports only the classes it serves.</summary>
    internal Histogram.Child Duration => _duration ??= HttpMetrics.RequestDuration.WithLabels(Name);

    /// <summary>The request counter of this class for one status code.</summary>
    internal Counter.Child Requests(int statusCode)
    {
        var index = statusCode is > 0 and < StatusCodeLimit ? statusCode : 0;

        // Two threads may both fill an empty slot; WithLabels returns the same series to both.
        return _requestsByStatus[index] ??= HttpMetrics.Requests.WithLabels(Name, index.ToString(CultureInfo.InvariantCulture));
    }

    /// <inheritdoc />
    public override string ToString() => Name;
}

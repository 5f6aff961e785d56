using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Model;
using WebInfra.Balancer.Configuration;
using WebInfra.Balancer.Health;
using WebInfra.Balancer.Logging;
using WebInfra.Balancer.Metrics;
using WebInfra.Hosting.AccessLogs;
using WebInfra.Topology.Model;

namespace WebInfra.Balancer.Forwarding;

/// <summary>
/// HAProxy's <c>retries</c> with <c>option redispatch</c>, as a step of YARP's proxy pipeline placed before load
/// balancing: when forwarding fails in a way that is safe to repeat, the request goes again through load balancing,
/// over the members still available minus those already tried. When it finally fails, the client gets a short plain
/// answer that says why (YARP's own error responses have no body).
/// </summary>
internal sealed partial class RetryMiddleware(
    RequestDelegate next,
    LiveBackend backend,
    ActiveOrBackupDestinationsPolicy availability,
    BackendMetrics metrics,
    ILogger<RetryMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var proxy = context.GetReverseProxyFeature();
        var settings = backend.Backend.Retry;
        var body = KeepBodyForReplay(context, settings);
        var upstream = context.Features.Get<UpstreamAttempts>();
        List<DestinationState>? tried = null;
        for (var attempt = 0; ; attempt++)
        {
            var started = Stopwatch.GetTimestamp();
            await next(context);

            // Set when load balancing chose a member and the attempt was sent; every attempt chooses afresh.
            if (proxy.ProxiedDestination is { } destination)
            {
                metrics.Forwarded(destination, context.Response.StatusCode);
                upstream?.Add(new UpstreamAttempt(destination.DestinationId, context.Response.StatusCode, Stopwatch.GetElapsedTime(started)));
            }

            if (context.Features.Get<IForwarderErrorFeature>() is not { } error)
            {
                return;
            }

            if (attempt == settings.Count || context.Response.HasStarted || !MayRepeat(context.Request, error) || body?.Rewind() == false
                || proxy.ProxiedDestination is not { } failed)
            {
                await FailAsync(context, error, attempt + 1);
                return;
            }

            (tried ??= []).Add(failed);

            // Availability decided afresh over the members this request has not tried: when every active member has
            // failed it, the backups stand in even before the failures have taken the active members out.
            var cluster = context.GetRouteModel().Cluster!;
            var remaining = availability.GetAvailalableDestinations(cluster.Model.Config, Untried(cluster.DestinationsState.AllDestinations, tried));
            if (remaining.Count == 0)
            {
                await FailAsync(context, error, attempt + 1);
                return;
            }

            metrics.Retried();
            Log.Retrying(logger, failed.DestinationId, error.Error, attempt + 1);
            proxy.AvailableDestinations = remaining;
            context.Features.Set<IForwarderErrorFeature>(null);
            context.Response.Clear();
        }
    }

    private Task FailAsync(HttpContext context, IForwarderErrorFeature error, int attempts)
    {
        // A client that hung up is not a failure of the backend, and no answer can reach it.
        if (error.Error != ForwarderError.NoAvailableDestinations && !context.RequestAborted.IsCancellationRequested)
        {
            Log.Failed(logger, context.Request.Method, context.Request.Path, context.GetReverseProxyFeature().ProxiedDestination?.DestinationId, error.Error,
                error.Exception?.Message ?? "-", attempts);
        }

        return WriteErrorAsync(context, error);
    }

    /// <summary>
    /// Wraps a request's body so that what is forwarded of it is kept, up to the limit, for a retry; null for a request
    /// without a body, which can always be sent again.
    /// </summary>
    private static ReplayableRequestBody? KeepBodyForReplay(HttpContext context, RetrySettings settings)
    {
        if (settings.Count == 0 || context.Features.Get<IHttpRequestBodyDetectionFeature>() is { CanHaveBody: false })
        {
            return null;
        }

        var body = new ReplayableRequestBody(context.Request.Body, settings.BodyLimit);
        context.Request.Body = body;
        context.Response.RegisterForDispose(body);
        return body;
    }

    /// <summary>
    /// A request that never reached the member may go anywhere; one whose connection broke before the response may
    /// have been processed, so only methods that can be repeated safely go again.
    /// </summary>
    private static bool MayRepeat(HttpRequest request, IForwarderErrorFeature error) =>
        ForwardingFailure.IsConnectFailure(error)
        || (error.Error == ForwarderError.Request && IsIdempotent(request.Method));

    private static bool IsIdempotent(string method) =>
        HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method)
        || HttpMethods.IsPut(method) || HttpMethods.IsDelete(method) || HttpMethods.IsTrace(method);

    private static List<DestinationState> Untried(IReadOnlyList<DestinationState> destinations, List<DestinationState> tried)
    {
        var remaining = new List<DestinationState>(destinations.Count);
        foreach (var destination in destinations)
        {
            if (!tried.Contains(destination))
            {
                remaining.Add(destination);
            }
        }

        return remaining;
    }

    /// <summary>A short plain-text answer in place of YARP's empty one, unless the response has already begun.</summary>
    private static Task WriteErrorAsync(HttpContext context, IForwarderErrorFeature error)
    {
        var response = context.Response;
        if (response.HasStarted || context.RequestAborted.IsCancellationRequested)
        {
            return Task.CompletedTask;
        }

        var (status, message) = error.Error switch
        {
            ForwarderError.NoAvailableDestinations => (StatusCodes.Status503ServiceUnavailable, "503 Service Unavailable: no server is available to handle this request.\n"),
            ForwarderError.RequestTimedOut when !ForwardingFailure.IsConnectFailure(error) => (StatusCodes.Status504GatewayTimeout, "504 Gateway Timeout: the server did not answer in time.\n"),
            _ when ForwardingFailure.IsConnectFailure(error) => (StatusCodes.Status503ServiceUnavailable, "503 Service Unavailable: no server could be reached.\n"),
            _ when response.StatusCode == StatusCodes.Status502BadGateway => (StatusCodes.Status502BadGateway, "502 Bad Gateway: the server failed to answer.\n"),
            _ => (response.StatusCode, null),
        };
        if (message is null)
        {
            return Task.CompletedTask;
        }

        response.Clear();
        response.StatusCode = status;
        response.ContentType = "text/plain; charset=utf-8";
        response.Headers.CacheControl = "no-store";
        return response.WriteAsync(message, context.RequestAborted);
    }

    private static partial class Log
    {
        [LoggerMessage(EventIds.Retrying, LogLevel.Debug, "Forwarding to {Destination} failed ({Error}); retry {Attempt} on another member")]
        public static partial void Retrying(ILogger logger, string destination, ForwarderError error, int attempt);

        [LoggerMessage(EventIds.ForwardingFailed, LogLevel.Warning, "{Method} {Path} failed at {Destination} ({Error}: {Reason}) after {Attempts} attempt(s)")]
        public static partial void Failed(ILogger logger, string method, PathString path, string? destination, ForwarderError error, string reason, int attempts);
    }
}

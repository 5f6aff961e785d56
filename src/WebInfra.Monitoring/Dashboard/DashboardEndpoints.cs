using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using WebInfra.Hosting.Metrics;
using WebInfra.Monitoring.Dashboard.Login;

namespace WebInfra.Monitoring.Dashboard;

/// <summary>
/// The dashboard's routes on the monitor's public listener: the page and its files, <c>GET /api/snapshot</c> (the
/// current picture with history, for scripts) and <c>GET /api/stream</c> (server-sent events: the full picture first,
/// then one message per round with only the new events), all behind a login (<c>GET /login?token=…</c>, see
/// <see cref="DashboardLoginEndpoint"/>).
/// </summary>
internal static class DashboardEndpoints
{
    public static void Map(IEndpointRouteBuilder endpoints)
    {
        // Every route but the login exchange (and the component's /healthz, mapped by the host) needs a session.
        var sessions = endpoints.ServiceProvider.GetRequiredService<DashboardSessions>();
        DashboardLoginEndpoint.Map(endpoints, sessions);
        var dashboard = endpoints.MapGroup(string.Empty).AddEndpointFilter<DashboardSessionFilter>();

        var assets = endpoints.ServiceProvider.GetRequiredService<DashboardAssets>();
        foreach (var (name, asset) in assets.ByName)
        {
            var path = name == "index.html" ? "/" : "/" + name;
            dashboard.MapGet(path, (HttpContext context) => Asset(context, asset))
                .WithMetadata(name == "index.html" ? RequestClass.Page : RequestClass.Static);
        }

        dashboard.MapGet("/api/snapshot", (DashboardState state) => TypedResults.Json(state.Full(), DashboardJsonContext.Default.DashboardSnapshot))
            .WithMetadata(RequestClass.Api);
        dashboard.MapGet("/api/stream", (DashboardState state, IHostApplicationLifetime lifetime, HttpContext context) =>
            {
                var session = context.Request.Cookies[DashboardSessionFilter.CookieName];
                return TypedResults.ServerSentEvents(Messages(state, () => sessions.IsValid(session), lifetime.ApplicationStopping, context.RequestAborted), "snapshot");
            })
            .WithMetadata(RequestClass.Api);
    }

    private static FileContentHttpResult Asset(HttpContext context, DashboardAsset asset)
    {
        DashboardHeaders.Apply(context.Response);
        context.Response.Headers.CacheControl = "no-cache";
        return TypedResults.Bytes(asset.Content, asset.ContentType, entityTag: asset.EntityTag);
    }

    /// <summary>
    /// The stream's messages: it ends when the page goes away, the monitor stops (so it never holds up a shutdown), or
    /// the session ends (expiry, or <c>secrets rotate</c>), checked at every round.
    /// </summary>
    private static async IAsyncEnumerable<string> Messages(
        DashboardState state, Func<bool> sessionLive, CancellationToken stopping, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var ended = CancellationTokenSource.CreateLinkedTokenSource(stopping, cancellationToken);
        var snapshot = state.Full();
        var sequence = 0L;
        while (true)
        {
            yield return JsonSerializer.Serialize(snapshot, DashboardJsonContext.Default.DashboardSnapshot);
            sequence = snapshot.Events.Count > 0 ? snapshot.Events[^1].Sequence : sequence;
            if (!await NextRoundAsync(state, ended.Token) || !sessionLive())
            {
                yield break;
            }

            snapshot = state.Since(sequence);
        }
    }

    private static async Task<bool> NextRoundAsync(DashboardState state, CancellationToken cancellationToken)
    {
        try
        {
            await state.NextRoundAsync(cancellationToken);
            return true;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }
}

using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using WebInfra.Hosting.Metrics;

namespace WebInfra.Monitoring.Dashboard;

/// <summary>
/// The dashboard's routes on the monitor's public listener: the page and its files, <c>GET /api/snapshot</c> (the
/// current picture with history, for scripts) and <c>GET /api/stream</c> (server-sent events: the full picture first,
/// then one message per round with only the new events).
/// </summary>
internal static class DashboardEndpoints
{
    /// <summary>The page's own files only: no inline script or style, no other origin (no CDN).</summary>
    private const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        var assets = endpoints.ServiceProvider.GetRequiredService<DashboardAssets>();
        foreach (var (name, asset) in assets.ByName)
        {
            var path = name == "index.html" ? "/" : "/" + name;
            endpoints.MapGet(path, (HttpContext context) => Asset(context, asset))
                .WithMetadata(name == "index.html" ? RequestClass.Page : RequestClass.Static);
        }

        endpoints.MapGet("/api/snapshot", (DashboardState state) => TypedResults.Json(state.Full(), DashboardJsonContext.Default.DashboardSnapshot))
            .WithMetadata(RequestClass.Api);
        endpoints.MapGet("/api/stream", (DashboardState state, IHostApplicationLifetime lifetime, HttpContext context) =>
                TypedResults.ServerSentEvents(Messages(state, lifetime.ApplicationStopping, context.RequestAborted), "snapshot"))
            .WithMetadata(RequestClass.Api);
    }

    private static FileContentHttpResult Asset(HttpContext context, DashboardAsset asset)
    {
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers.CacheControl = "no-cache";
        return TypedResults.Bytes(asset.Content, asset.ContentType, entityTag: asset.EntityTag);
    }

    /// <summary>The stream's messages: it ends when the page goes away or the monitor stops, so it never holds up a shutdown.</summary>
    private static async IAsyncEnumerable<string> Messages(DashboardState state, CancellationToken stopping, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var ended = CancellationTokenSource.CreateLinkedTokenSource(stopping, cancellationToken);
        var snapshot = state.Full();
        var sequence = 0L;
        while (true)
        {
            yield return JsonSerializer.Serialize(snapshot, DashboardJsonContext.Default.DashboardSnapshot);
            sequence = snapshot.Events.Count > 0 ? snapshot.Events[^1].Sequence : sequence;
            if (!await NextRoundAsync(state, ended.Token))
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

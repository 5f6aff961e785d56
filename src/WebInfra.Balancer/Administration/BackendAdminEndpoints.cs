using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Yarp.ReverseProxy.Health;
using WebInfra.Balancer.Draining;
using WebInfra.Balancer.Logging;
using WebInfra.Hosting;
using WebInfra.Hosting.Administration;

namespace WebInfra.Balancer.Administration;

/// <summary>
/// The admin endpoints of a forwarding component: its backend's live state (<c>GET /backend</c>, what
/// <c>webinfra status</c> shows) and drain/undrain of a member (<c>POST /backend/members/{server}/{kind}/drain</c>,
/// what <c>webinfra drain</c> calls). Reading needs the read token, draining the admin token.
/// </summary>
internal sealed partial class BackendAdminEndpoints(
    ComponentContext context,
    BackendView view,
    IClusterDestinationsUpdater destinationsUpdater,
    DrainRegistry drains,
    ILogger<BackendAdminEndpoints> logger) : IAdminEndpoints
{
    public void Map(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(BackendAdminPaths.Backend, () => Results.Json(view.Snapshot(), AdminJson.Options))
            .RequireAdminScope(AdminScope.Read);
        endpoints.MapPost(BackendAdminPaths.MemberTemplate + "drain", (string server, string kind) => SetDrained($"{server}/{kind}", drained: true))
            .RequireAdminScope(AdminScope.Admin);
        endpoints.MapPost(BackendAdminPaths.MemberTemplate + "undrain", (string server, string kind) => SetDrained($"{server}/{kind}", drained: false))
            .RequireAdminScope(AdminScope.Admin);
    }

    private IResult SetDrained(string member, bool drained)
    {
        var cluster = view.Cluster();
        if (cluster is null || !cluster.Destinations.ContainsKey(member))
        {
            return Results.Text($"'{member}' is not a member of the backend '{context.Component.Backend}' that {context.Component.Name} forwards to\n",
                statusCode: StatusCodes.Status404NotFound);
        }

        var changed = drained ? drains.Drain(member) : drains.Undrain(member);
        if (changed)
        {
            if (drained)
            {
                Log.Drained(logger, cluster.ClusterId, member);
            }
            else
            {
                Log.Undrained(logger, cluster.ClusterId, member);
            }

            destinationsUpdater.UpdateAvailableDestinations(cluster);
        }

        return Results.Json(view.Snapshot(), AdminJson.Options);
    }

    private static partial class Log
    {
        [LoggerMessage(EventIds.DestinationDrained, LogLevel.Information, "Backend {Backend}: {Destination} is DRAINING: no new requests, those in flight finish")]
        public static partial void Drained(ILogger logger, string backend, string destination);

        [LoggerMessage(EventIds.DestinationUndrained, LogLevel.Information, "Backend {Backend}: {Destination} is back from drain")]
        public static partial void Undrained(ILogger logger, string backend, string destination);
    }
}

using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using WebInfra.Hosting.Administration;
using WebInfra.Hosting.Logging;
using WebInfra.Topology.Loading;

namespace WebInfra.Hosting.Reloading;

/// <summary>
/// <c>POST /topology/reload</c> on the admin listener (admin token): the component loads and validates the topology file
/// the request names, finds itself in it, and applies it to every <see cref="IReloadable"/> part, in the running
/// process. An invalid file, or one without this component, changes nothing and is answered 422 or 409 with the reason.
/// </summary>
internal sealed partial class TopologyAdminEndpoints(
    LiveTopology live,
    IEnumerable<IReloadable> reloadables,
    ILogger<TopologyAdminEndpoints> logger) : IAdminEndpoints
{
    private readonly Lock _oneAtATime = new();

    public void Map(IEndpointRouteBuilder endpoints) =>
        endpoints.MapPost(TopologyAdminPaths.Reload, (Delegate)ReloadAsync).RequireAdminScope(AdminScope.Admin);

    private async Task<IResult> ReloadAsync(HttpContext http)
    {
        var request = await JsonSerializer.DeserializeAsync<TopologyReloadRequest>(http.Request.Body, AdminJson.Options, http.RequestAborted);
        if (request is not { Topology.Length: > 0 })
        {
            return Results.Text("the request names no topology file\n", statusCode: StatusCodes.Status400BadRequest);
        }

        var running = live.Context;
        Topology.Model.Topology topology;
        try
        {
            topology = TopologyLoader.Load(request.Topology);
        }
        catch (TopologyException e)
        {
            Log.Refused(logger, request.Topology, e.Message);
            return Results.Text(e.Message + "\n", statusCode: StatusCodes.Status422UnprocessableEntity);
        }

        if (topology.FindComponent(running.Component.Name) is not { } component)
        {
            return Results.Text($"{request.Topology} has no component {running.Component.Name}; it is stopped, not reloaded\n", statusCode: StatusCodes.Status409Conflict);
        }

        var context = running with { Topology = topology, Component = component };
        lock (_oneAtATime)
        {
            live.Apply(context);
            foreach (var reloadable in reloadables)
            {
                reloadable.Reload(context);
            }
        }

        Log.Reloaded(logger, request.Topology);
        return Results.Text($"{component.Name} runs {request.Topology}\n");
    }

    private static partial class Log
    {
        [LoggerMessage(EventIds.TopologyReloaded, LogLevel.Information, "Topology {Topology} applied without a restart")]
        public static partial void Reloaded(ILogger logger, string topology);

        [LoggerMessage(EventIds.TopologyReloadRefused, LogLevel.Warning, "Topology {Topology} not applied: {Reason}")]
        public static partial void Refused(ILogger logger, string topology, string reason);
    }
}

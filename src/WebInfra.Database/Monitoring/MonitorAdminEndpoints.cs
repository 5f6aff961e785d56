using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using WebInfra.Database.Failover;
using WebInfra.Hosting.Administration;

namespace WebInfra.Database.Monitoring;

/// <summary>
/// The monitor's admin endpoints: the cluster as it sees it (<c>GET /cluster</c>, what <c>webinfra db status</c>
/// shows) and the planned switchover (<c>POST /switchover?to=server-2/db</c>). A refused switchover answers 400 for
/// a target that can never work and 409 for one that is not ready, with the reason as text. Reading needs the read
/// token, a switchover the admin token.
/// </summary>
internal sealed class MonitorAdminEndpoints(FailoverCoordinator coordinator, NodeProbe probe, MonitorSettings settings) : IAdminEndpoints
{
    public void Map(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(MonitorAdminPaths.Cluster, () => Results.Json(coordinator.Snapshot(), AdminJson.Options))
            .RequireAdminScope(AdminScope.Read);
        endpoints.MapPost(MonitorAdminPaths.Switchover, async (string? to, CancellationToken cancellationToken) =>
        {
            if (string.IsNullOrEmpty(to))
            {
                return Results.Text("name the new primary: POST /switchover?to=SERVER/db\n", statusCode: StatusCodes.Status400BadRequest);
            }

            try
            {
                var paused = await coordinator.SwitchoverAsync(to, probe, settings.CheckTimeout, cancellationToken);
                return Results.Text(string.Create(CultureInfo.InvariantCulture, $"{to} is the primary; writes paused {paused.TotalMilliseconds:0} ms\n"));
            }
            catch (SwitchoverException exception)
            {
                return Results.Text(exception.Message + "\n", statusCode: exception.IsBadTarget ? StatusCodes.Status400BadRequest : StatusCodes.Status409Conflict);
            }
        }).RequireAdminScope(AdminScope.Admin);
    }
}

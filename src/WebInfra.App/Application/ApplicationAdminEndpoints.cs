using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using WebInfra.Hosting.Administration;

namespace WebInfra.App.Application;

/// <summary><c>GET /application</c> on the admin listener (read token): the user's application's phase, process and restarts.</summary>
internal sealed class ApplicationAdminEndpoints(ApplicationState state) : IAdminEndpoints
{
    public void Map(IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet(ApplicationStatus.AdminPath, () => Results.Json(state.Current, AdminJson.Options)).RequireAdminScope(AdminScope.Read);
}

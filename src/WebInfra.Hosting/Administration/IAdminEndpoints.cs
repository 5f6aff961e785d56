using Microsoft.AspNetCore.Routing;

namespace WebInfra.Hosting.Administration;

/// <summary>
/// Endpoints a role adds to its component's admin listener (backend state, drain; later metrics). Registered in DI
/// like YARP's policies, so the shared host maps every role's endpoints without knowing the roles.
/// </summary>
public interface IAdminEndpoints
{
    /// <summary>Maps the endpoints; called once, on the admin listener's routes only.</summary>
    void Map(IEndpointRouteBuilder endpoints);
}

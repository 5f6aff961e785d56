using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using WebInfra.Hosting.Metrics;

namespace WebInfra.Hosting.Health;

/// <summary>Maps <c>/healthz</c>: 200 while the component is ready, 503 once it is stopping.</summary>
public static class HealthEndpointExtensions
{
    /// <summary>The path balancers probe unless the topology names another.</summary>
    public const string Path = "/healthz";

    /// <summary>Maps the health endpoint.</summary>
    public static IEndpointConventionBuilder MapComponentHealth(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var readiness = endpoints.ServiceProvider.GetRequiredService<ComponentReadiness>();
        return endpoints.MapGet(Path, () => readiness.IsReady
            ? Results.Text("ok\n")
            : Results.Text("stopping\n", statusCode: StatusCodes.Status503ServiceUnavailable))
            .WithMetadata(RequestClass.Health);
    }
}

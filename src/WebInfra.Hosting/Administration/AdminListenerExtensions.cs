using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using WebInfra.Hosting.Health;

namespace WebInfra.Hosting.Administration;

/// <summary>
/// Splits off the requests that arrive on the admin listener before anything of the site sees them. The split is by
/// the port the connection was accepted on, never by the Host header, which a visitor chooses.
/// </summary>
public static class AdminListenerExtensions
{
    /// <summary>
    /// Serves <c>/healthz</c> (open to anyone: balancers probe it, and it says only up or down) and every registered
    /// <see cref="IAdminEndpoints"/> on the admin port, each behind <see cref="AdminAuthenticationMiddleware"/>, and
    /// nothing else there.
    /// </summary>
    public static IApplicationBuilder UseAdminListener(this IApplicationBuilder app, int adminPort)
    {
        ArgumentNullException.ThrowIfNull(app);
        return app.MapWhen(context => context.Connection.LocalPort == adminPort, admin =>
        {
            // WebApplication routes before any middleware when the app does not place UseRouting itself, so a site
            // endpoint (the proxy's catch-all) may already be chosen; the admin routes must decide afresh.
            admin.Use((context, next) =>
            {
                context.SetEndpoint(null);
                context.Request.RouteValues.Clear();
                return next(context);
            });
            admin.UseRouting();
            admin.UseMiddleware<AdminAuthenticationMiddleware>();
            admin.UseEndpoints(endpoints =>
            {
                endpoints.MapComponentHealth().AllowAnonymous();
                foreach (var source in endpoints.ServiceProvider.GetServices<IAdminEndpoints>())
                {
                    source.Map(endpoints);
                }
            });
        });
    }
}

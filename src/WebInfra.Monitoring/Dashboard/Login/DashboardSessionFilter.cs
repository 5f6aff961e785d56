using Microsoft.AspNetCore.Http;
using WebInfra.Hosting.Metrics;

namespace WebInfra.Monitoring.Dashboard.Login;

/// <summary>
/// Lets a dashboard request through only with a live session cookie: the page, its files, <c>/api/snapshot</c> and the
/// event stream alike. Without one, the page answers the <see cref="LoginPage"/> (401), everything else a bare 401.
/// </summary>
internal sealed class DashboardSessionFilter(DashboardSessions sessions) : IEndpointFilter
{
    /// <summary>The session cookie's name.</summary>
    public const string CookieName = "webinfra_dashboard";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var http = context.HttpContext;
        if (sessions.IsValid(http.Request.Cookies[CookieName]))
        {
            return await next(context);
        }

        return http.GetEndpoint()?.Metadata.GetMetadata<RequestClass>() == RequestClass.Page
            ? LoginPage.Unauthorized(http)
            : Results.StatusCode(StatusCodes.Status401Unauthorized);
    }
}

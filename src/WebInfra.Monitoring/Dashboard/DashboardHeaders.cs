using Microsoft.AspNetCore.Http;

namespace WebInfra.Monitoring.Dashboard;

/// <summary>The headers of every page and file the dashboard serves, its login page included.</summary>
internal static class DashboardHeaders
{
    /// <summary>The page's own files only: no inline script or style, no other origin (no CDN).</summary>
    private const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    public static void Apply(HttpResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
        response.Headers.XContentTypeOptions = "nosniff";
    }
}

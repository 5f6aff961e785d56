using System.Net;
using Microsoft.AspNetCore.Http;

namespace WebInfra.Monitoring.Dashboard.Login;

/// <summary>
/// The small page a browser without a session gets (401): how to log in, and nothing about the site. Plain HTML, no
/// script or style, under the dashboard's own <c>Content-Security-Policy</c>.
/// </summary>
internal static class LoginPage
{
    private const string Template = """
        <!doctype html>
        <html lang="en">
        <head><meta charset="utf-8"><meta name="robots" content="noindex"><title>WebInfra dashboard: log in</title></head>
        <body>
        <h1>Log in to the dashboard</h1>
        {0}<p>Log in with the link from <code>webinfra dashboard</code>, run where the site runs (<code>webinfra up</code> prints one too). A link works once, within 5 minutes.</p>
        </body>
        </html>

        """;

    /// <summary>The page, with <paramref name="problem"/> (text) above the instructions when there is one.</summary>
    public static IResult Unauthorized(HttpContext context, string? problem = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        DashboardHeaders.Apply(context.Response);
        context.Response.Headers.CacheControl = "no-store";
        var paragraph = problem is null ? string.Empty : $"<p><strong>{WebUtility.HtmlEncode(problem)}</strong></p>\n";
        return Results.Content(Template.Replace("{0}", paragraph, StringComparison.Ordinal), "text/html; charset=utf-8", statusCode: StatusCodes.Status401Unauthorized);
    }
}

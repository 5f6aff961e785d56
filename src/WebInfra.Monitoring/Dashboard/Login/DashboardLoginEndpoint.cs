using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using WebInfra.Hosting.Metrics;

namespace WebInfra.Monitoring.Dashboard.Login;

/// <summary>
/// <c>GET /login?token=…</c>: exchanges a one-time link for a session cookie and sends the browser on to <c>/</c> (303).
/// </summary>
/// <remarks>
/// Why a GET that sets a cookie is safe here, although it changes state: the token in the link is the credential, not
/// the browser's cookies, so a cross-site request cannot ride on an existing session, and forging a link takes the
/// admin token. What a foreign page can do is make a browser follow a link it holds (login CSRF); but such a link was
/// minted by an admin-token holder, and the dashboard has no identities and no action to trick anyone into. The cookie
/// is <c>HttpOnly</c> (no script reads it), <c>SameSite=Strict</c> (no other site's page, form or fetch carries it, so the
/// stream and the snapshot cannot be read or driven cross-site; the dashboard answers no CORS either), <c>Secure</c> when
/// served over HTTPS, and <c>Path=/</c>. The redirect keeps the token out of the page's address bar and history entry,
/// and <c>Referrer-Policy: no-referrer</c> keeps it out of any Referer; a token seen later has been used anyway. One
/// effect of <c>Strict</c>: following the link from another site's page (a chat in a browser) sets the cookie, but the
/// browser withholds it on that same redirect, so the first page shows the login page; a reload shows the dashboard.
/// The dashboard has no state-changing request today; one added later must be a POST that checks its Origin.
/// </remarks>
internal static class DashboardLoginEndpoint
{
    public static void Map(IEndpointRouteBuilder endpoints, DashboardSessions sessions)
    {
        endpoints.MapGet(DashboardLoginLinks.Path, (HttpContext context) =>
        {
            var (outcome, sessionId, expires) = sessions.Redeem(context.Request.Query[DashboardLoginLinks.TokenParameter]);
            context.Response.Headers["Referrer-Policy"] = "no-referrer";
            if (outcome != LoginTokenOutcome.Valid)
            {
                return LoginPage.Unauthorized(context, outcome switch
                {
                    LoginTokenOutcome.Used => "That link was used already: each link logs in once.",
                    LoginTokenOutcome.Expired => "That link has expired.",
                    _ => "That link is not valid for this site (were the credentials rotated since?).",
                });
            }

            context.Response.Cookies.Append(DashboardSessionFilter.CookieName, sessionId!, new CookieOptions
            {
                HttpOnly = true,
                SameSite = SameSiteMode.Strict,
                Secure = context.Request.IsHttps,
                Path = "/",
                Expires = expires,
                IsEssential = true,
            });
            context.Response.Headers.CacheControl = "no-store";
            context.Response.Headers.Location = "/";
            return Results.StatusCode(StatusCodes.Status303SeeOther);
        }).WithMetadata(RequestClass.Page);
    }
}

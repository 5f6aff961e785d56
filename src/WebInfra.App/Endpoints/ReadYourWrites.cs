using Microsoft.AspNetCore.Http;
using WebInfra.App.Storage;

namespace WebInfra.App.Endpoints;

/// <summary>
/// Carries a client's last write (its GTID) from the write's response to the client's next reads, so that a read
/// landing on a replica that has not applied it yet waits for it, or goes to the primary, instead of hiding it.
/// Browsers carry it in a cookie without any script; API clients may send the header instead. A malformed value is
/// ignored, as if there were none: it costs the client read-your-writes, never an error.
/// </summary>
internal static class ReadYourWrites
{
    /// <summary>The response header with the write's GTID; a client may send it back on its reads.</summary>
    public const string HeaderName = "X-WebInfra-Gtid";

    /// <summary>The cookie with the write's GTID, for browsers.</summary>
    public const string CookieName = "webinfra_gtid";

    /// <summary>
    /// How long the cookie lives: a minute is far longer than any healthy replica needs to apply a write, and short
    /// enough that reads soon stop paying for the wait.
    /// </summary>
    public static readonly TimeSpan CookieLifetime = TimeSpan.FromSeconds(60);

    /// <summary>The GTID a read must see: the header when it is valid, else the cookie when it is valid, else null.</summary>
    public static string? From(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var header = request.Headers[HeaderName];
        if (header.Count == 1 && GtidPosition.IsValid(header[0]))
        {
            return header[0];
        }

        return request.Cookies.TryGetValue(CookieName, out var cookie) && GtidPosition.IsValid(cookie) ? cookie : null;
    }

    /// <summary>Hands <paramref name="gtid"/> to the client in the header and the cookie; does nothing without one.</summary>
    public static void Remember(HttpResponse response, string? gtid)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (!GtidPosition.IsValid(gtid))
        {
            return;
        }

        response.Headers[HeaderName] = gtid;
        response.Cookies.Append(CookieName, gtid!, new CookieOptions
        {
            Path = "/",
            HttpOnly = true,
            SameSite = SameSiteMode.Lax,
            MaxAge = CookieLifetime,
        });
    }
}

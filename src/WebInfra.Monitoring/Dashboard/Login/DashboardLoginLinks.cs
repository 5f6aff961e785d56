using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using WebInfra.Hosting.Administration;

namespace WebInfra.Monitoring.Dashboard.Login;

/// <summary>
/// One-time login links to the dashboard (<c>http://MONITOR/login?token=…</c>), minted by the CLI (<c>webinfra up</c>,
/// <c>webinfra dashboard</c>) and checked by the monitor, which share nothing but the site's admin token. A token is
/// <c>EXPIRES.NONCE.MAC</c>: the expiry (Unix seconds, <see cref="Lifetime"/> after minting), 128 random bits, and an
/// HMAC-SHA256 of both under a key derived from the admin token. Only an admin-token holder can mint one, a
/// <c>secrets rotate</c> voids every link not used yet, and the monitor remembers used nonces until they expire, so
/// each link logs in once.
/// </summary>
public static class DashboardLoginLinks
{
    /// <summary>How long a link is valid: long enough to paste it into a browser, short enough that a link left in a terminal's scrollback is dead.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);

    /// <summary>The path of the login exchange on the monitor's public listener.</summary>
    public const string Path = "/login";

    /// <summary>The query parameter holding the token.</summary>
    public const string TokenParameter = "token";

    private const int NonceBytes = 16;
    private static readonly byte[] s_keyLabel = Encoding.ASCII.GetBytes("webinfra dashboard login v1");

    /// <summary>A link to the dashboard at <paramref name="dashboard"/> that logs in once, within <see cref="Lifetime"/> of <paramref name="now"/>.</summary>
    public static Uri Mint(Uri dashboard, AdminCredentials credentials, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(dashboard);
        return new Uri(dashboard, $"{Path}?{TokenParameter}={MintToken(credentials, now)}");
    }

    /// <summary>A token valid for <see cref="Lifetime"/> from <paramref name="now"/>.</summary>
    public static string MintToken(AdminCredentials credentials, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        var expires = (now + Lifetime).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var payload = $"{expires}.{Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(NonceBytes))}";
        return $"{payload}.{Base64Url.EncodeToString(Mac(credentials, payload))}";
    }

    /// <summary>Checks <paramref name="token"/>'s form, signature and expiry (not whether it was used: the monitor's sessions know that).</summary>
    internal static LoginTokenCheck Check(string? token, AdminCredentials credentials, DateTimeOffset now)
    {
        var parts = token?.Split('.') ?? [];
        if (parts.Length != 3
            || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var expiresSeconds)
            || !Base64Url.IsValid(parts[2]))
        {
            return LoginTokenCheck.Malformed;
        }

        var presented = Base64Url.DecodeFromChars(parts[2]);
        if (!CryptographicOperations.FixedTimeEquals(presented, Mac(credentials, $"{parts[0]}.{parts[1]}")))
        {
            return LoginTokenCheck.BadSignature;
        }

        // A signed expiry is the CLI's word; one further out than a link ever lives was not minted by this code.
        var expires = DateTimeOffset.FromUnixTimeSeconds(Math.Min(expiresSeconds, DateTimeOffset.MaxValue.ToUnixTimeSeconds()));
        return now >= expires || expires - now > Lifetime + TimeSpan.FromMinutes(1)
            ? LoginTokenCheck.Expired
            : LoginTokenCheck.Valid(parts[1], expires);
    }

    private static byte[] Mac(AdminCredentials credentials, string payload)
    {
        // A key of its own, so that a login MAC can never stand in for the admin token or the other way round.
        var key = HMACSHA256.HashData(Encoding.UTF8.GetBytes(credentials.AdminToken), s_keyLabel);
        return HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(payload));
    }
}

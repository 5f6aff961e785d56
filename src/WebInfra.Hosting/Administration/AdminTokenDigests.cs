using System.Security.Cryptography;
using System.Text;

namespace WebInfra.Hosting.Administration;

/// <summary>
/// Tells which scope a presented token grants, in constant time: the presented token and both known tokens are compared
/// as SHA-256 digests with <see cref="CryptographicOperations.FixedTimeEquals"/>, so neither a token's content nor its
/// length shows in how long the answer takes, and both comparisons always run.
/// </summary>
internal sealed class AdminTokenDigests(AdminCredentials credentials)
{
    private readonly byte[] _admin = Digest(credentials.AdminToken);
    private readonly byte[] _read = Digest(credentials.ReadToken);

    /// <summary>The credentials these digests are of.</summary>
    public AdminCredentials Credentials { get; } = credentials;

    /// <summary>The scope <paramref name="token"/> grants, or null when it is neither token.</summary>
    public AdminScope? ScopeOf(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        Span<byte> presented = stackalloc byte[SHA256.HashSizeInBytes];
        var bytes = Encoding.UTF8.GetBytes(token);
        SHA256.HashData(bytes, presented);
        var isAdmin = CryptographicOperations.FixedTimeEquals(presented, _admin);
        var isRead = CryptographicOperations.FixedTimeEquals(presented, _read);
        return isAdmin ? AdminScope.Admin : isRead ? AdminScope.Read : null;
    }

    private static byte[] Digest(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));
}

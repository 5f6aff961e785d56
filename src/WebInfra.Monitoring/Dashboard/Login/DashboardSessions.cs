using System.Buffers.Text;
using System.Security.Cryptography;
using WebInfra.Hosting.Administration;

namespace WebInfra.Monitoring.Dashboard.Login;

/// <summary>
/// The dashboard's logged-in browsers, in the monitor's memory only: a random session id (256 bits, the cookie's value)
/// and when it ends, <see cref="Lifetime"/> after the login (fixed, not sliding: a stolen cookie dies on schedule). A
/// session belongs to the admin credentials it was opened under, so <c>secrets rotate</c> ends every session, and a
/// restart of the monitor ends them too. At most <see cref="MaxSessions"/> are kept; past that the oldest goes.
/// </summary>
internal sealed class DashboardSessions(AdminCredentialsFile credentials, TimeProvider time)
{
    /// <summary>A working day.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(12);

    /// <summary>Browsers logged in at once.</summary>
    public const int MaxSessions = 1000;

    private const int SessionIdBytes = 32;

    private readonly Lock _lock = new();
    private readonly Dictionary<string, Session> _sessions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> _usedNonces = new(StringComparer.Ordinal);

    /// <summary>Exchanges a login token for a new session, once; returns its id and end, or why not.</summary>
    public (LoginTokenOutcome Outcome, string? SessionId, DateTimeOffset Expires) Redeem(string? token)
    {
        if (credentials.Current is not { } current)
        {
            return (LoginTokenOutcome.BadSignature, null, default);
        }

        var now = time.GetUtcNow();
        var check = DashboardLoginLinks.Check(token, current, now);
        if (check.Outcome != LoginTokenOutcome.Valid)
        {
            return (check.Outcome, null, default);
        }

        lock (_lock)
        {
            Prune(now);
            if (!_usedNonces.TryAdd(check.Nonce!, check.Expires))
            {
                return (LoginTokenOutcome.Used, null, default);
            }

            if (_sessions.Count >= MaxSessions)
            {
                _sessions.Remove(_sessions.MinBy(s => s.Value.Expires).Key);
            }

            var id = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(SessionIdBytes));
            var expires = now + Lifetime;
            _sessions[id] = new Session(expires, current);
            return (LoginTokenOutcome.Valid, id, expires);
        }
    }

    /// <summary>Whether <paramref name="sessionId"/> is a live session opened under the current credentials.</summary>
    public bool IsValid(string? sessionId)
    {
        if (string.IsNullOrEmpty(sessionId))
        {
            return false;
        }

        var current = credentials.Current;
        lock (_lock)
        {
            if (!_sessions.TryGetValue(sessionId, out var session))
            {
                return false;
            }

            if (session.Expires > time.GetUtcNow() && session.OpenedUnder == current)
            {
                return true;
            }

            _sessions.Remove(sessionId);
            return false;
        }
    }

    private void Prune(DateTimeOffset now)
    {
        foreach (var (nonce, expires) in _usedNonces)
        {
            if (expires <= now)
            {
                _usedNonces.Remove(nonce);
            }
        }

        foreach (var (id, session) in _sessions)
        {
            if (session.Expires <= now)
            {
                _sessions.Remove(id);
            }
        }
    }

    private sealed record Session(DateTimeOffset Expires, AdminCredentials OpenedUnder);
}

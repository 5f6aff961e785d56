using System.Globalization;

namespace WebInfra.Topology.Model;

/// <summary>Where a server is reached over SSH: the user to log in as, the host (a name or an address) and the port.</summary>
/// <param name="User">The user to log in as: root, or a user who may run <c>sudo</c> without a password.</param>
/// <param name="Host">The host's name or address.</param>
/// <param name="Port">The port its sshd listens on.</param>
public sealed record SshTarget(string User, string Host, int Port)
{
    /// <summary>SSH's own port.</summary>
    public const int DefaultPort = 22;

    /// <summary>The forms <see cref="TryParse"/> reads, for messages.</summary>
    public const string Forms = "user@host, user@host:port, host or host:port";

    /// <summary>
    /// Reads <c>user@host[:port]</c> (also <c>host</c> alone and <c>user@[v6address]:port</c>); the user and port left
    /// out are <paramref name="defaultUser"/> and <paramref name="defaultPort"/>.
    /// </summary>
    public static bool TryParse(string text, string defaultUser, int defaultPort, out SshTarget target)
    {
        ArgumentNullException.ThrowIfNull(text);
        target = new SshTarget(defaultUser, "", defaultPort);
        var at = text.LastIndexOf('@');
        var user = at < 0 ? defaultUser : text[..at];
        var rest = at < 0 ? text : text[(at + 1)..];
        string host;
        var port = defaultPort;
        if (rest.StartsWith('['))
        {
            var close = rest.IndexOf(']', StringComparison.Ordinal);
            if (close < 0)
            {
                return false;
            }

            host = rest[1..close];
            var tail = rest[(close + 1)..];
            if (tail.Length > 0 && (!tail.StartsWith(':') || !TryPort(tail[1..], out port)))
            {
                return false;
            }
        }
        else if (rest.Count(c => c == ':') == 1)
        {
            var colon = rest.IndexOf(':', StringComparison.Ordinal);
            host = rest[..colon];
            if (!TryPort(rest[(colon + 1)..], out port))
            {
                return false;
            }
        }
        else
        {
            host = rest;
        }

        if (!IsName(user) || !IsName(host))
        {
            return false;
        }

        target = new SshTarget(user, host, port);
        return true;
    }

    /// <summary><c>user@host:port</c>, the form <see cref="TryParse"/> reads back.</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{User}@{(Host.Contains(':', StringComparison.Ordinal) ? $"[{Host}]" : Host)}:{Port}");

    /// <summary>True when <paramref name="name"/> can be a user or host name: not empty, no option, no space, quote or shell syntax.</summary>
    public static bool IsName(string name) =>
        !string.IsNullOrEmpty(name) && !name.StartsWith('-') && !name.Any(IsUnsafe);

    /// <summary>How <c>known_hosts</c> names the host: the host alone on port 22, else <c>[host]:port</c>.</summary>
    public string KnownHostsName => Port == DefaultPort ? Host : string.Create(CultureInfo.InvariantCulture, $"[{Host}]:{Port}");

    private static bool TryPort(string text, out int port) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out port) && port is > 0 and <= 65535;

    // Whitespace, quotes and shell or ssh option syntax have no place in a user or host name.
    private static bool IsUnsafe(char c) => char.IsWhiteSpace(c) || char.IsControl(c) || c is '\'' or '"' or '`' or '$' or ';' or '&' or '|' or '\\' or '/' or '@';
}

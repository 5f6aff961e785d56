using System.Globalization;
using WebInfra.Hosts.Processes;
using WebInfra.Topology.Firewall;
using WebInfra.Topology.Model;

namespace WebInfra.Hosts.Ssh;

/// <summary>
/// What one look at an SSH host tells before anything changes on it (<see cref="Script"/>): its system, its clock,
/// whether systemd runs it, the tools WebInfra uses there, and what listens on its ports.
/// </summary>
/// <param name="System">The kernel's name (<c>uname -s</c>), <c>Linux</c> for a host WebInfra runs on.</param>
/// <param name="Architecture">The machine (<c>uname -m</c>): <c>x86_64</c> or <c>aarch64</c>.</param>
/// <param name="Distribution">The distribution and its version, from <c>/etc/os-release</c>.</param>
/// <param name="Clock">The host's clock when it answered.</param>
/// <param name="Systemd">True when systemd runs the host (it is PID 1).</param>
/// <param name="MissingTools">The tools WebInfra runs on the host that it lacks.</param>
/// <param name="Listening">Each listening TCP socket: its local address and port, the program that holds it, and its owner's uid.</param>
/// <param name="SiteUser">The uid of the site's user (<see cref="RemoteLayout.User"/>), or null when the host has none yet.</param>
/// <param name="Nftables">True when the host has nftables' <c>nft</c>, which its firewall is loaded with.</param>
/// <param name="SiteFirewall">
/// With the site's table loaded in the host's kernel, the SHA-256 of the ruleset it was loaded from
/// (<see cref="FirewallUnit.RulesetPath"/>; empty when that file is missing); null when no such table is loaded.
/// </param>
/// <param name="Peers">What each <see cref="PeerProbe"/> sent with the look met, by its key.</param>
/// <param name="AptGet">True when the host has Debian's <c>apt-get</c>, which the packages it lacks are installed with (<see cref="PackageInstall"/>).</param>
internal sealed record HostFacts(string System, string Architecture, string Distribution, DateTimeOffset Clock, bool Systemd,
    IReadOnlyList<string> MissingTools, IReadOnlyList<(string Address, int Port, string Program, int? Uid)> Listening, int? SiteUser, bool Nftables,
    string? SiteFirewall, IReadOnlyDictionary<string, string> Peers, bool AptGet)
{
    /// <summary>How far a host's clock may be from this machine's before it is reported: logs, certificates and leases compare clocks.</summary>
    public static readonly TimeSpan MaximumClockSkew = TimeSpan.FromSeconds(2);

    /// <summary>The tools WebInfra runs on every host, each with the Debian package that has it.</summary>
    public static IReadOnlyList<(string Tool, string Package)> Tools { get; } =
        [("tar", "tar"), ("setsid", "util-linux"), ("setpriv", "util-linux"), ("ss", "iproute2"), ("useradd", "passwd"), ("sha256sum", "coreutils"),
            ("timeout", "coreutils"), ("bash", "bash"), ("runuser", "util-linux")];

    /// <summary>
    /// The tools a host needs besides where it runs a component of a kind, each with its package: MariaDB's server and
    /// the backup tools a database node is cloned from another one with (the copy streams from one host to the other),
    /// etcd's server for an etcd member, keepalived (and <c>ip</c>, which takes a dead keepalived's VIPs back) for a
    /// balancer's VRRP, and Knot's server for a name server.
    /// </summary>
    public static IReadOnlyList<(ComponentKind Kind, string Tool, string Package)> ComponentTools { get; } =
    [
        (ComponentKind.Database, "mariadbd", "mariadb-server"), (ComponentKind.Database, "mariadb-install-db", "mariadb-server"),
        (ComponentKind.Database, "mariadb-backup", "mariadb-backup"), (ComponentKind.Database, "mbstream", "mariadb-backup"),
        (ComponentKind.Etcd, "etcd", "etcd-server"),
        (ComponentKind.Vrrp, "keepalived", "keepalived"), (ComponentKind.Vrrp, "ip", "iproute2"),
        (ComponentKind.Dns, "knotd", "knot"),
    ];

    /// <summary>The shell script that prints the facts, one <c>key=value</c> per line.</summary>
    public static string Script { get; } = string.Join('\n',
        "printf 'system=%s\\n' \"$(uname -s)\"",
        "printf 'architecture=%s\\n' \"$(uname -m)\"",
        "if [ -r /etc/os-release ]; then . /etc/os-release; fi",
        "printf 'distribution=%s %s\\n' \"${ID:-unknown}\" \"${VERSION_ID:-}\"",
        "printf 'clock=%s\\n' \"$(date +%s.%N)\"",
        "if [ -d /run/systemd/system ]; then echo systemd=yes; else echo systemd=no; fi",
        "missing=''",
        $"for tool in {string.Join(' ', Tools.Select(t => t.Tool).Concat(ComponentTools.Select(t => t.Tool)))}; do command -v \"$tool\" >/dev/null 2>&1 || missing=\"$missing $tool\"; done",
        "printf 'missing=%s\\n' \"$missing\"",
        "if command -v nft >/dev/null 2>&1; then echo nft=yes; else echo nft=no; fi",
        "if command -v apt-get >/dev/null 2>&1; then echo apt=yes; else echo apt=no; fi",
        $"if command -v nft >/dev/null 2>&1 && nft list table {NftablesRuleset.Table} >/dev/null 2>&1; then "
            + $"printf 'site_firewall=%s\\n' \"$(sha256sum < {FirewallUnit.RulesetPath} 2>/dev/null | cut -d ' ' -f 1)\"; fi",
        $"printf 'site_user=%s\\n' \"$(id -u {RemoteLayout.User} 2>/dev/null)\"",
        "ss -Hltnpe 2>/dev/null | while read -r state recv send local peer process; do printf 'listening=%s %s\\n' \"$local\" \"$process\"; done",
        "true");

    /// <summary>The .NET runtime identifier of a self-contained build for this host, or null for a machine WebInfra is not built for.</summary>
    public string? RuntimeIdentifier => Architecture switch
    {
        "x86_64" => "linux-x64",
        "aarch64" => "linux-arm64",
        _ => null,
    };

    /// <summary>Reads what <see cref="Script"/> printed.</summary>
    public static HostFacts Parse(string output)
    {
        ArgumentNullException.ThrowIfNull(output);
        string system = "", architecture = "", distribution = "", missing = "";
        var clock = DateTimeOffset.MinValue;
        bool systemd = false, nftables = false, aptGet = false;
        var listening = new List<(string, int, string, int?)>();
        int? siteUser = null;
        string? siteFirewall = null;
        var peers = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = line.IndexOf('=', StringComparison.Ordinal);
            if (equals < 0)
            {
                continue;
            }

            var value = line[(equals + 1)..].Trim();
            switch (line[..equals])
            {
                case "system": system = value; break;
                case "architecture": architecture = value; break;
                case "distribution": distribution = value; break;
                case "missing": missing = value; break;
                case "systemd": systemd = value == "yes"; break;
                case "nft": nftables = value == "yes"; break;
                case "apt": aptGet = value == "yes"; break;
                case "clock" when decimal.TryParse(value, NumberStyles.Number, CultureInfo.InvariantCulture, out var seconds):
                    clock = DateTimeOffset.FromUnixTimeMilliseconds((long)(seconds * 1000));
                    break;
                case "site_user" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var uid):
                    siteUser = uid;
                    break;
                case "listening" when ReadListening(value) is { } socket:
                    listening.Add(socket);
                    break;
                case "site_firewall":
                    siteFirewall = value;
                    break;
                case "peer" when value.Split(' ') is [var key, var outcome]:
                    peers[key] = outcome;
                    break;
            }
        }

        return new HostFacts(system, architecture, distribution, clock, systemd, [.. missing.Split(' ', StringSplitOptions.RemoveEmptyEntries)], listening, siteUser, nftables, siteFirewall, peers, aptGet);
    }

    /// <summary>
    /// The Debian packages that give the host what <paramref name="server"/>'s components need and it lacks (nftables'
    /// when <paramref name="firewall"/> is on and it has no <c>nft</c>), in the order of the tools they have; empty when
    /// nothing is missing.
    /// </summary>
    public IReadOnlyList<string> MissingPackages(Server server, bool firewall)
    {
        ArgumentNullException.ThrowIfNull(server);
        return [.. MissingToolsOf(server).Select(t => t.Package).Concat(firewall && !Nftables ? ["nftables"] : []).Distinct()];
    }

    /// <summary>
    /// What keeps <paramref name="server"/>'s components from running on this host, each with its fix; empty when
    /// nothing. <paramref name="now"/> is this machine's clock when the host answered; <paramref name="firewall"/> says
    /// whether the site loads a firewall into the host's kernel, <paramref name="manager"/> what runs its components, and
    /// <paramref name="installPackages"/> whether the packages it lacks are installed (with its apt-get, which it then needs).
    /// </summary>
    public IReadOnlyList<string> Problems(Server server, DateTimeOffset now, bool firewall, ServiceManager manager, bool installPackages)
    {
        ArgumentNullException.ThrowIfNull(server);
        var problems = new List<string>();
        if (System != "Linux")
        {
            problems.Add($"it runs {(System.Length > 0 ? System : "an unknown system")}, and WebInfra runs on Linux only");
        }
        else if (RuntimeIdentifier is null)
        {
            problems.Add($"it is a {Architecture} machine, and WebInfra is built for x86_64 and aarch64 only");
        }

        var missing = MissingToolsOf(server);
        var lacksNft = firewall && !Nftables;
        if (installPackages && !AptGet && (missing.Count > 0 || lacksNft))
        {
            problems.Add($"it lacks {string.Join(", ", missing.Select(t => t.Tool).Concat(lacksNft ? ["nft"] : []))}, and has no apt-get to install "
                + $"{string.Join(' ', MissingPackages(server, firewall))} (Debian's names) with: install them with its own package manager");
        }
        else if (!installPackages)
        {
            if (missing.Count > 0)
            {
                problems.Add($"it lacks {string.Join(", ", missing.Select(t => t.Tool))}: install with 'apt-get install {string.Join(' ', missing.Select(t => t.Package).Distinct())}'");
            }

            if (lacksNft)
            {
                problems.Add("the firewall is on, and it lacks nftables' nft to load it with: install with 'apt-get install nftables'");
            }
        }

        if (manager == ServiceManager.Systemd && !Systemd)
        {
            problems.Add($"systemd does not run it, and 'service_manager: {ServiceManager.Systemd.ToKey()}' asks for its units: "
                + $"write 'service_manager: {ServiceManager.Auto.ToKey()}' (or {ServiceManager.Processes.ToKey()}) in the ssh section to run its components as processes");
        }

        var skew = Clock - now;
        if (skew.Duration() > MaximumClockSkew)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture,
                $"its clock is {skew.Duration().TotalSeconds:0.0} s {(skew > TimeSpan.Zero ? "ahead of" : "behind")} this machine's: keep it in time with chrony or systemd-timesyncd"));
        }

        foreach (var component in server.Components)
        {
            foreach (var taken in component.ListeningPorts)
            {
                // A port the site's user holds is the site's own component, running since an earlier 'up'.
                if (Listening.FirstOrDefault(s => s.Port == taken && SocketTable.Covers(s.Address, server.Address) && (SiteUser is null || s.Uid != SiteUser)) is { Address: not null } holder)
                {
                    problems.Add($"port {taken}, which {component.Name} needs, is taken by {(holder.Program.Length > 0 ? holder.Program : "another program")}: stop it, or give {component.Name} another port");
                }
            }
        }

        return problems;
    }

    /// <summary>The tools <paramref name="server"/>'s components need that the host lacks, each with its package.</summary>
    private List<(string Tool, string Package)> MissingToolsOf(Server server) =>
        [.. Tools.Concat(ComponentTools.Where(t => server.Components.Any(c => c.Kind == t.Kind)).Select(t => (t.Tool, t.Package))).Where(t => MissingTools.Contains(t.Tool))];

    /// <summary>One line of <c>ss -Hltnpe</c>, cut to <c>ADDRESS:PORT users:(("PROGRAM",...)) uid:UID ...</c>.</summary>
    private static (string, int, string, int?)? ReadListening(string value)
    {
        var space = value.IndexOf(' ', StringComparison.Ordinal);
        if (SocketTable.Split(space < 0 ? value : value[..space]) is not var (address, port))
        {
            return null;
        }

        var program = "";
        var quote = value.IndexOf("((\"", StringComparison.Ordinal);
        if (quote >= 0 && value.IndexOf('"', quote + 3) is var end and > 0)
        {
            program = value[(quote + 3)..end];
        }

        int? uid = null;
        var owner = value.IndexOf(" uid:", StringComparison.Ordinal);
        if (owner >= 0 && int.TryParse(value[(owner + 5)..].Split(' ')[0], NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
        {
            uid = parsed;
        }

        return (address, port, program, uid);
    }
}

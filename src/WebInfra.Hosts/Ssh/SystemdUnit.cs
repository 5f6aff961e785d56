using System.Text;
using WebInfra.Topology.Model;

namespace WebInfra.Hosts.Ssh;

/// <summary>
/// A component of an SSH host as a systemd service, a template (<c>webinfra-SERVER-KIND@.service</c>) whose instance is
/// the process's generation: <c>@1</c> runs it, and a <c>restart</c> starts <c>@2</c> beside it, to which <c>@1</c> hands
/// its listening sockets before it exits. The same program, user, paths and runtime settings as the driver's detached
/// process (<see cref="SshHostDriver"/>); started again by systemd after a crash (<c>Restart=on-failure</c>: a
/// component that exits cleanly has been stopped, or has handed over to its next generation, and must stay down) and
/// after a reboot (enabled), a database node excepted (<see cref="RestartsItself"/>); hardened as far as a .NET process allows: no new privileges, a read-only system but the
/// site's folder, private <c>/tmp</c> and devices, kernel and clock untouchable, no capability but
/// <c>CAP_NET_BIND_SERVICE</c> for a port below 1024. (<c>MemoryDenyWriteExecute</c> is left out: the JIT writes code.)
/// </summary>
public static class SystemdUnit
{
    /// <summary>What every unit of the site's starts with, for finding them all on a host.</summary>
    public const string Prefix = "webinfra-";

    /// <summary>The template's file name for <paramref name="component"/>, e.g. <c>webinfra-server-1-web@.service</c>.</summary>
    public static string TemplateOf(Component component)
    {
        ArgumentNullException.ThrowIfNull(component);
        return $"{Prefix}{component.Name.Replace('/', '-')}@.service";
    }

    /// <summary>
    /// The unit of <paramref name="component"/>'s generation <paramref name="generation"/> (a number, or a shell word that
    /// holds one), e.g. <c>webinfra-server-1-web@1.service</c>.
    /// </summary>
    public static string InstanceOf(Component component, string generation) =>
        TemplateOf(component).Replace("@.", $"@{generation}.", StringComparison.Ordinal);

    /// <summary>What the journal knows <paramref name="component"/>'s lines by (<c>journalctl -t</c>): its template's name, such as <c>webinfra-server-1-web</c>.</summary>
    public static string SyslogIdentifierOf(Component component) => TemplateOf(component)[..^"@.service".Length];

    /// <summary>
    /// Whether systemd starts <paramref name="component"/> again by itself, after a crash and at boot: every component but a
    /// database node. A node that starts by itself starts read-only, and who is primary is WebInfra's decision alone (the
    /// supervisor makes the primary writable when it starts it, the monitor at a failover): a primary systemd started
    /// again would stay read-only, and the site without writes. A database node that died stays down, as on every other
    /// kind of host, until <c>webinfra start</c> (or the monitor's failover) deals with it.
    /// </summary>
    public static bool RestartsItself(Component component)
    {
        ArgumentNullException.ThrowIfNull(component);
        return component.Kind != ComponentKind.Database;
    }

    /// <summary>
    /// The unit that runs <paramref name="commandLine"/> (the host's: see <see cref="RemoteLayout"/>) as
    /// <paramref name="component"/> of <paramref name="siteName"/>, with <paramref name="environment"/> (<c>NAME=VALUE</c>
    /// each); its output goes to the journal (<c>journalctl -u 'webinfra-server-1-web@*'</c>, or <c>-t
    /// webinfra-server-1-web</c>), which rotates it and keeps it across restarts and reboots.
    /// </summary>
    public static string For(Component component, string siteName, IReadOnlyList<string> commandLine, IEnumerable<string> environment)
    {
        ArgumentNullException.ThrowIfNull(component);
        ArgumentNullException.ThrowIfNull(commandLine);
        ArgumentNullException.ThrowIfNull(environment);
        var capabilities = string.Join(' ', Capabilities(component));
        var restarts = RestartsItself(component);
        var text = new StringBuilder();
        text.AppendLine("# Written by WebInfra for the hosts: ssh layout (/opt/webinfra, /var/lib/webinfra); 'webinfra systemd export' writes it again.");
        text.AppendLine("[Unit]");
        text.AppendLine($"Description=WebInfra {component.Name} of {Escape(siteName)}, generation %i");
        text.AppendLine("Wants=network-online.target");
        text.AppendLine("After=network-online.target");
        text.AppendLine();
        text.AppendLine("[Service]");
        text.AppendLine("Type=exec");
        text.AppendLine($"User={RemoteLayout.User}");
        text.AppendLine($"Group={RemoteLayout.User}");
        text.AppendLine($"WorkingDirectory={RemoteLayout.Home}");
        text.AppendLine("UMask=0027");
        foreach (var setting in environment)
        {
            text.AppendLine($"Environment={Quote(setting)}");
        }

        text.AppendLine($"ExecStart={string.Join(' ', commandLine.Select(Quote))}");
        text.AppendLine("StandardOutput=journal");
        text.AppendLine("StandardError=inherit");
        text.AppendLine($"SyslogIdentifier={SyslogIdentifierOf(component)}");
        text.AppendLine(restarts ? "Restart=on-failure" : "Restart=no");
        text.AppendLine("RestartSec=1s");
        text.AppendLine("KillMode=mixed");
        text.AppendLine("TimeoutStopSec=30s");
        text.AppendLine("NoNewPrivileges=yes");
        text.AppendLine("ProtectSystem=strict");
        text.AppendLine($"ReadWritePaths={RemoteLayout.Home}");
        text.AppendLine("ProtectHome=yes");
        text.AppendLine("PrivateTmp=yes");
        text.AppendLine("PrivateDevices=yes");
        text.AppendLine("ProtectKernelTunables=yes");
        text.AppendLine("ProtectKernelModules=yes");
        text.AppendLine("ProtectKernelLogs=yes");
        text.AppendLine("ProtectControlGroups=yes");
        text.AppendLine("ProtectClock=yes");
        text.AppendLine("ProtectHostname=yes");
        text.AppendLine("RestrictSUIDSGID=yes");
        text.AppendLine("RestrictRealtime=yes");
        text.AppendLine("RestrictNamespaces=yes");
        text.AppendLine("LockPersonality=yes");
        text.AppendLine("SystemCallArchitectures=native");
        text.AppendLine($"RestrictAddressFamilies=AF_UNIX AF_INET AF_INET6 AF_NETLINK{(component.Kind == ComponentKind.Vrrp ? " AF_PACKET" : "")}");
        text.AppendLine($"CapabilityBoundingSet={capabilities}");
        text.AppendLine($"AmbientCapabilities={capabilities}");
        if (restarts)
        {
            text.AppendLine();
            text.AppendLine("[Install]");
            text.AppendLine("WantedBy=multi-user.target");
        }

        return text.ToString();
    }

    /// <summary>
    /// The capabilities <paramref name="component"/>'s process keeps (and hands to the program it runs), none for most:
    /// <c>CAP_NET_BIND_SERVICE</c> to listen on a port below 1024 (a balancer on 80 and 443, a name server on 53), and for
    /// a server's keepalived <c>CAP_NET_ADMIN</c> (adding and removing the VIPs) and <c>CAP_NET_RAW</c> (VRRP adverts and
    /// gratuitous ARPs), as keepalived's own unit for a non-root user grants them; its configuration runs no script.
    /// </summary>
    public static IReadOnlyList<string> Capabilities(Component component)
    {
        ArgumentNullException.ThrowIfNull(component);
        return [
            .. component.Kind == ComponentKind.Vrrp ? ["CAP_NET_ADMIN", "CAP_NET_RAW"] : Array.Empty<string>(),
            .. component.ListeningPorts.Any(p => p is > 0 and < 1024) ? ["CAP_NET_BIND_SERVICE"] : Array.Empty<string>(),
        ];
    }

    /// <summary>A word of a command line or setting as systemd reads it: specifiers (<c>%</c>) and variables (<c>$</c>) escaped, quoted when it has a space or a quote.</summary>
    private static string Quote(string word)
    {
        var escaped = Escape(word).Replace("$", "$$", StringComparison.Ordinal);
        return escaped.Length > 0 && !escaped.Any(c => char.IsWhiteSpace(c) || c is '"' or '\'' or '\\' or ';')
            ? escaped
            : "\"" + escaped.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
    }

    /// <summary>Text where systemd expands specifiers: each <c>%</c> doubled, no line break.</summary>
    private static string Escape(string text) => text.Replace("%", "%%", StringComparison.Ordinal).ReplaceLineEndings(" ");
}

namespace WebInfra.Hosts.Ssh;

/// <summary>
/// The systemd unit that loads an SSH host's firewall when it boots (<c>webinfra-firewall.service</c>), as Debian's
/// <c>nftables.service</c> loads <c>/etc/nftables.conf</c>: before the network comes up, from the ruleset <c>up</c> last
/// loaded (<see cref="RulesetPath"/>, root's alone), so a host that reboots admits no more than it did before, with no
/// command of the CLI's. It replaces the site's table only.
/// </summary>
public static class FirewallUnit
{
    /// <summary>The unit's name.</summary>
    public const string Name = SystemdUnit.Prefix + "firewall.service";

    /// <summary>The folder of the site's files that only root may change: what root runs at boot is read from there.</summary>
    public const string Directory = "/etc/webinfra";

    /// <summary>The ruleset the unit loads, the one last loaded into the host's kernel.</summary>
    public const string RulesetPath = Directory + "/firewall.nft";

    /// <summary>The unit for the site <paramref name="siteName"/>.</summary>
    public static string For(string siteName)
    {
        ArgumentNullException.ThrowIfNull(siteName);
        return string.Join('\n',
            "# Written by WebInfra for the hosts: ssh layout: loads the site's firewall at boot, before the network is up.",
            "[Unit]",
            $"Description=WebInfra firewall of {siteName.Replace("%", "%%", StringComparison.Ordinal).ReplaceLineEndings(" ")}",
            "DefaultDependencies=no",
            "Wants=network-pre.target",
            "Before=network-pre.target shutdown.target",
            "Conflicts=shutdown.target",
            "",
            "[Service]",
            "Type=oneshot",
            "RemainAfterExit=yes",
            $"ExecStart=/usr/sbin/nft -f {RulesetPath}",
            "",
            "[Install]",
            "WantedBy=sysinit.target",
            "");
    }
}

using System.Text.RegularExpressions;
using WebInfra.Hosts.Processes;
using WebInfra.Topology.Faults;

namespace WebInfra.Hosts.Namespaces;

/// <summary>
/// Faults in a namespaces site's network, made where a real network would have them: a partition is a rule on the
/// switch's bridge dropping the frames from one host's port to another's (<see cref="FaultRuleset"/>), a slow link a
/// netem queue on both ends of the host's cable, its <c>eth0</c> and its bridge port (<see cref="NetemQdisc"/>). Every
/// fault lives in a namespace of the site, so deleting the namespaces (<c>down</c>) removes it, and nothing of it is in
/// this machine's own network.
/// </summary>
internal sealed partial class NamespacesNetworkFaults(SiteNetwork network, NetworkPlan plan) : INetworkFaults
{
    /// <inheritdoc/>
    public void Partition(string a, string b, bool oneWay)
    {
        if (a == b)
        {
            throw new HostException($"a partition is between two hosts, and '{a}' was named twice");
        }

        List<(string From, string To)> drops = [.. Drops()];
        foreach (var direction in oneWay ? [(a, b)] : new[] { (a, b), (b, a) })
        {
            if (!drops.Contains(direction))
            {
                drops.Add(direction);
            }
        }

        Load(FaultRuleset.Create(drops, PortOf));
    }

    /// <inheritdoc/>
    public bool Heal(string? a, string? b)
    {
        var drops = Drops();
        if (a is null || b is null)
        {
            // Every rule the table holds goes, known or not: the table itself is deleted.
            if (SiteNetwork.Exists(network.Switch))
            {
                Load(FaultRuleset.Removal);
            }

            return drops.Count > 0;
        }

        PortOf(a);
        PortOf(b);
        var remaining = drops.Where(d => !new Partition(d.From, d.To, OneWay: true).IsBetween(a, b)).ToList();
        if (remaining.Count == drops.Count)
        {
            return false;
        }

        Load(remaining.Count > 0 ? FaultRuleset.Create(remaining, PortOf) : FaultRuleset.Removal);
        return true;
    }

    /// <inheritdoc/>
    public void Slow(SlowLink link)
    {
        ArgumentNullException.ThrowIfNull(link);
        var ends = Ends(link.Server);
        var done = new List<(string Namespace, string Device)>();
        foreach (var (ns, device) in ends)
        {
            if (!CommandRunner.TryRun(SiteNetwork.InNamespace(ns, ["tc", "qdisc", "replace", "dev", device, "root", .. NetemQdisc.Arguments(link)]), out _, out var error))
            {
                // No half-slow link: what was set on the other end goes again.
                foreach (var (doneNamespace, doneDevice) in done)
                {
                    CommandRunner.TryRun(SiteNetwork.InNamespace(doneNamespace, ["tc", "qdisc", "del", "dev", doneDevice, "root"]), out _, out _);
                }

                throw new HostException(error.Contains("qdisc kind is unknown", StringComparison.OrdinalIgnoreCase)
                    ? "this machine's kernel cannot delay packets: it has no netem queueing discipline (CONFIG_NET_SCH_NETEM, module sch_netem); load it with 'modprobe sch_netem', or run on a kernel that has it"
                    : $"making {link.Server}'s link slow failed ({device} in {ns}): {error}");
            }

            done.Add((ns, device));
        }
    }

    /// <inheritdoc/>
    public bool Fast(string server)
    {
        var wasSlow = false;
        foreach (var (ns, device) in Ends(server))
        {
            if (NetemQdisc.IsIn(Show(ns, device)))
            {
                CommandRunner.Run(SiteNetwork.InNamespace(ns, ["tc", "qdisc", "del", "dev", device, "root"]));
                wasSlow = true;
            }
        }

        return wasSlow;
    }

    /// <inheritdoc/>
    public SiteFaults Current()
    {
        var drops = Drops();
        var partitions = new List<Partition>();
        foreach (var (from, to) in drops)
        {
            var both = drops.Contains((to, from));
            if (!both || !partitions.Any(p => p.IsBetween(from, to)))
            {
                partitions.Add(new Partition(from, to, OneWay: !both));
            }
        }

        var slow = Hosts()
            .Where(h => SiteNetwork.Exists(NamespaceOf(h)))
            .Select(h => NetemQdisc.Parse(h, Show(NamespaceOf(h), SiteNetwork.HostInterface)))
            .OfType<SlowLink>();
        return new SiteFaults(partitions, [.. slow]);
    }

    /// <summary>The directions the switch drops now, by host name (a port no host of the plan has keeps its port's name).</summary>
    private List<(string From, string To)> Drops()
    {
        if (!SiteNetwork.Exists(network.Switch)
            || !CommandRunner.TryRun(SiteNetwork.InNamespace(network.Switch, ["nft", "list", "table", "bridge", FaultRuleset.Table]), out var listing, out _))
        {
            return [];
        }

        var hostOf = Hosts().ToDictionary(PortOf, h => h, StringComparer.Ordinal);
        return [.. FaultRuleset.Drops(listing).Select(d => (hostOf.GetValueOrDefault(d.FromPort, d.FromPort), hostOf.GetValueOrDefault(d.ToPort, d.ToPort)))];
    }

    private void Load(string ruleset)
    {
        if (!SiteNetwork.Exists(network.Switch))
        {
            throw new HostException($"the site's switch namespace {network.Switch} does not exist: the site is not up ('./webinfra up')");
        }

        CommandRunner.Run(SiteNetwork.InNamespace(network.Switch, ["nft", "-f", "-"]), ruleset);
    }

    /// <summary>Both ends of a host's cable: its own <c>eth0</c>, and its port in the switch's namespace.</summary>
    private (string Namespace, string Device)[] Ends(string host)
    {
        var port = PortOf(host);
        var ns = NamespaceOf(host);
        foreach (var needed in new[] { ns, network.Switch })
        {
            if (!SiteNetwork.Exists(needed))
            {
                throw new HostException($"the namespace {needed} does not exist: the site is not up ('./webinfra up')");
            }
        }

        return [(ns, SiteNetwork.HostInterface), (network.Switch, port)];
    }

    private static string Show(string ns, string device) =>
        CommandRunner.TryRun(SiteNetwork.InNamespace(ns, ["tc", "qdisc", "show", "dev", device]), out var listing, out _) ? listing : string.Empty;

    private IEnumerable<string> Hosts() => plan.Servers.Select(s => s.Name).Append(IHostDriver.OperatorName);

    private string NamespaceOf(string host) => host == IHostDriver.OperatorName ? network.Operator : network.Server(host);

    private string PortOf(string host)
    {
        if (host == IHostDriver.OperatorName)
        {
            return SiteNetwork.OperatorPort;
        }

        if (!plan.Servers.Any(s => s.Name == host))
        {
            throw new HostException($"no host named '{host}' (servers: {string.Join(", ", plan.Servers.Select(s => s.Name))}, or '{IHostDriver.OperatorName}')");
        }

        return PeerPort(network.Server(host));
    }

    /// <summary>
    /// The switch port cabled to <paramref name="ns"/>'s <c>eth0</c>, found by the interface index the kernel gives as its
    /// peer: a server added to a running site (a reload) takes the first free port, not the one of its place in the file.
    /// </summary>
    private string PeerPort(string ns)
    {
        if (CommandRunner.TryRun(["ip", "-n", ns, "-o", "link", "show", SiteNetwork.HostInterface], out var own, out _)
            && PeerIndex().Match(own) is { Success: true } peer
            && CommandRunner.TryRun(["ip", "-n", network.Switch, "-o", "link", "show"], out var ports, out _))
        {
            foreach (var line in ports.Split('\n'))
            {
                if (line.StartsWith(peer.Groups[1].Value + ": ", StringComparison.Ordinal))
                {
                    return line.Split(": ")[1].Split('@')[0];
                }
            }
        }

        throw new HostException($"the namespace {ns} has no cable to the site's switch: the site is not up ('./webinfra up')");
    }

    /// <summary>The peer's interface index in <c>ip -o link</c>'s line of a veth end: <c>2: eth0@if7: ...</c>.</summary>
    [GeneratedRegex(@"@if(\d+):")]
    private static partial Regex PeerIndex();
}

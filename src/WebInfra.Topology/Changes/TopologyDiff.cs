using System.Globalization;
using WebInfra.Topology.Model;

namespace WebInfra.Topology.Changes;

/// <summary>
/// What a reload would change in a running site, and how: every difference between the topology that runs and a new
/// one, each applied live, by starting or stopping components, or refused with its reason. A reload applies all of it
/// or, when anything is refused, none of it, so a site is never left half changed.
/// </summary>
public sealed class TopologyDiff
{
    private const string AddressChange = "an address change is a new server: add a server and remove the old one";
    private const string RestartNeeded = "the running processes read it at start, so it takes a restart of the site ('./webinfra down', then 'up')";

    private readonly List<TopologyChange> _changes = [];
    private readonly List<Component> _added = [];
    private readonly List<Component> _removed = [];

    private TopologyDiff(Model.Topology running, Model.Topology next)
    {
        Running = running;
        Next = next;
    }

    /// <summary>The topology the site runs now.</summary>
    public Model.Topology Running { get; }

    /// <summary>The topology a reload would apply.</summary>
    public Model.Topology Next { get; }

    /// <summary>Every change, grouped in the order <c>diff</c> prints them.</summary>
    public IReadOnlyList<TopologyChange> Changes => _changes;

    /// <summary>The components of <see cref="Next"/> a reload starts, in file order.</summary>
    public IReadOnlyList<Component> Added => _added;

    /// <summary>The components of <see cref="Running"/> a reload drains and stops, in file order.</summary>
    public IReadOnlyList<Component> Removed => _removed;

    /// <summary>True when a change is refused, so a reload would change nothing.</summary>
    public bool IsRefused => _changes.Exists(c => c.Effect == ChangeEffect.Refused);

    /// <summary>True when nothing differs.</summary>
    public bool IsEmpty => _changes.Count == 0;

    /// <summary>True when servers come or go, so every server's firewall is loaded again to admit its new peers.</summary>
    public bool ServersChanged { get; private set; }

    /// <summary>
    /// The differences between <paramref name="running"/> and <paramref name="next"/>. <paramref name="currentPrimary"/>
    /// is the database node that is primary now (the monitor's view), or null to take the topology's.
    /// </summary>
    public static TopologyDiff Between(Model.Topology running, Model.Topology next, string? currentPrimary)
    {
        ArgumentNullException.ThrowIfNull(running);
        ArgumentNullException.ThrowIfNull(next);
        var diff = new TopologyDiff(running, next);
        diff.CompareHosts();
        diff.CompareServers(currentPrimary ?? running.Primary?.Name);
        foreach (var backend in next.Backends)
        {
            diff.CompareBackend(running.FindBackend(backend.Name), backend);
        }

        foreach (var backend in running.Backends.Where(b => next.FindBackend(b.Name) is null))
        {
            diff.Add($"backend {backend.Name}", "- backend (no component forwards to it any more)", ChangeEffect.Live);
        }

        diff.CompareLimits();
        diff.CompareTls();
        diff.CompareSettings();
        return diff;
    }

    private void Add(string group, string description, ChangeEffect effect, string? reason = null, SourceLocation? location = null) =>
        _changes.Add(new TopologyChange(group, description, effect, reason, location));

    private void Refuse(string group, string description, string reason, SourceLocation? location = null) =>
        Add(group, description, ChangeEffect.Refused, reason, location);

    private void CompareHosts()
    {
        if (Running.Hosts != Next.Hosts)
        {
            Refuse("hosts", $"hosts: {Running.Hosts.ToKey()} -> {Next.Hosts.ToKey()}",
                "the host kind cannot change under a running site: every server would be a new one; bring it down and up again", Next.HostsLocation);
        }

        if (!Equals(Running.HostsSubnet, Next.HostsSubnet))
        {
            Refuse("hosts", $"network subnet: {Running.HostsSubnet} -> {Next.HostsSubnet}", AddressChange, Next.Network.Location);
        }
    }

    private void CompareServers(string? currentPrimary)
    {
        foreach (var server in Next.Servers)
        {
            if (Running.FindServer(server.Name) is not { } before)
            {
                ServersChanged = true;
                Add("servers", $"+ {server.Name} ({server.Address})", ChangeEffect.Start, location: server.Location);
            }
            else if (!before.Address.Equals(server.Address))
            {
                Refuse("servers", $"{server.Name} address: {before.Address} -> {server.Address}", AddressChange, server.AddressLocation ?? server.Location);
            }
            else if (!SameRules(before.FirewallRules, server.FirewallRules))
            {
                Add("servers", $"{server.Name} firewall rules", ChangeEffect.Live, location: server.Location);
            }
        }

        foreach (var server in Running.Servers.Where(s => Next.FindServer(s.Name) is null))
        {
            ServersChanged = true;
            Add("servers", $"- {server.Name} ({server.Address})", ChangeEffect.Stop);
        }

        foreach (var component in Next.Components)
        {
            if (Running.FindComponent(component.Name) is not { } before)
            {
                AddComponent(component);
            }
            else if (Running.FindServer(component.ServerName)!.Address.Equals(component.Address))
            {
                CompareComponent(before, component);
            }
        }

        foreach (var component in Running.Components.Where(c => Next.FindComponent(c.Name) is null))
        {
            RemoveComponent(component, currentPrimary);
        }
    }

    private void AddComponent(Component component)
    {
        if (component.Kind is ComponentKind.Balancer or ComponentKind.Web or ComponentKind.App)
        {
            _added.Add(component);
            Add("components", $"+ {component.Name} ({component.Authority})", ChangeEffect.Start, location: component.Location);
        }
        else if (component.Role == ComponentRole.DatabaseReplica)
        {
            _added.Add(component);
            Add("components", $"+ {component.Name} ({component.Authority}): cloned from a live replica; the monitors and application servers are restarted to use it",
                ChangeEffect.Start, location: component.Location);
        }
        else
        {
            Refuse("components", $"+ {component.Name}",
                $"a reload starts balancers, web servers, application servers and database replicas; a new {(component.Kind == ComponentKind.Database ? "primary" : component.Kind.ToKey())} takes a restart of the site",
                component.Location);
        }
    }

    private void RemoveComponent(Component component, string? currentPrimary)
    {
        if (component.Kind is ComponentKind.Balancer or ComponentKind.Web or ComponentKind.App)
        {
            _removed.Add(component);
            Add("components", $"- {component.Name} ({component.Authority})", ChangeEffect.Stop);
        }
        else if (component.Name == currentPrimary)
        {
            Refuse("components", $"- {component.Name}",
                $"it is the database primary now; hand the role to a replica first ('./webinfra db switchover --to REPLICA'), then remove it");
        }
        else if (component.Kind == ComponentKind.Database)
        {
            _removed.Add(component);
            Add("components", $"- {component.Name} ({component.Authority}): the monitors and application servers are restarted without it", ChangeEffect.Stop);
        }
        else
        {
            Refuse("components", $"- {component.Name}", $"a reload stops balancers, web servers, application servers and database replicas; removing a {component.Kind.ToKey()} takes a restart of the site");
        }
    }

    private void CompareComponent(Component before, Component after)
    {
        var changed = new List<string>();
        Note(changed, "port", before.Port, after.Port);
        Note(changed, "admin_port", before.AdminPort, after.AdminPort);
        Note(changed, "https_port", before.HttpsPort, after.HttpsPort);
        Note(changed, "backend", before.Backend, after.Backend);
        if (!SameApplication(before.Application, after.Application))
        {
            changed.Add("command");
        }

        if (changed.Count > 0)
        {
            Refuse("components", $"{after.Name}: {string.Join(", ", changed)}",
                $"a component listens and forwards as it was started; to change it, add a component on a new server and remove this one", after.Location);
        }
    }

    private static void Note<T>(List<string> changed, string key, T before, T after)
    {
        if (!EqualityComparer<T>.Default.Equals(before, after))
        {
            changed.Add(string.Create(CultureInfo.InvariantCulture, $"{key} {Text(before)} -> {Text(after)}"));
        }
    }

    private static string Text<T>(T value) => value is null ? "none" : Convert.ToString(value, CultureInfo.InvariantCulture)!;

    private void CompareBackend(Backend? before, Backend after)
    {
        var group = $"backend {after.Name}";
        if (before is null)
        {
            Add(group, $"+ backend with {string.Join(", ", after.Members.Select(m => m.ComponentName))}", ChangeEffect.Live, location: after.Location);
            return;
        }

        foreach (var member in after.Members)
        {
            var was = before.Members.FirstOrDefault(m => m.ComponentName == member.ComponentName);
            if (was is null)
            {
                Add(group, $"+ {member.ComponentName} (weight {member.Weight}{(member.Backup ? ", backup" : string.Empty)})", ChangeEffect.Live, location: member.Location);
                continue;
            }

            if (was.Weight != member.Weight)
            {
                Add(group, $"weight of {member.ComponentName}: {was.Weight} -> {member.Weight}", ChangeEffect.Live, location: member.Location);
            }

            if (was.Backup != member.Backup)
            {
                Add(group, $"{member.ComponentName}: {(member.Backup ? "active -> backup" : "backup -> active")}", ChangeEffect.Live, location: member.Location);
            }
        }

        var removed = before.Members.Where(m => !after.Members.Any(n => n.ComponentName == m.ComponentName)).ToList();
        var remaining = before.Members.Where(m => after.Members.Any(n => n.ComponentName == m.ComponentName));
        foreach (var member in removed)
        {
            if (!remaining.Any())
            {
                Refuse(group, $"- {member.ComponentName}",
                    $"it would remove the last member of backend '{after.Name}' that serves now; add the new member in one reload, then remove the old one in the next", after.Location);
            }
            else
            {
                Add(group, $"- {member.ComponentName} (drained first)", ChangeEffect.Live);
            }
        }

        if (!string.Equals(before.Algorithm, after.Algorithm, StringComparison.OrdinalIgnoreCase))
        {
            Add(group, $"algorithm: {before.Algorithm} -> {after.Algorithm}", ChangeEffect.Live, location: after.Location);
        }

        if (before.Health != after.Health)
        {
            Add(group, $"health: {Describe(before.Health)} -> {Describe(after.Health)}", ChangeEffect.Live, location: after.Location);
        }

        if (before.Retry != after.Retry)
        {
            Add(group, $"retries: {before.Retry.Count} (body up to {before.Retry.BodyLimit} B) -> {after.Retry.Count} (body up to {after.Retry.BodyLimit} B)", ChangeEffect.Live, location: after.Location);
        }

        if (before.Timeouts != after.Timeouts)
        {
            Add(group, $"timeouts: {Describe(before.Timeouts)} -> {Describe(after.Timeouts)}", ChangeEffect.Live, location: after.Location);
        }
    }

    private static string Describe(HealthCheckSettings health) => string.Create(CultureInfo.InvariantCulture,
        $"{health.Path} every {health.Interval.TotalMilliseconds} ms, timeout {health.Timeout.TotalMilliseconds} ms, rise {health.Rise}, fall {health.Fall}, error_limit {health.ErrorLimit}");

    private static string Describe(BackendTimeouts timeouts) => string.Create(CultureInfo.InvariantCulture,
        $"connect {timeouts.Connect.TotalMilliseconds} ms, server {timeouts.Server.TotalMilliseconds} ms, client {timeouts.Client.TotalMilliseconds} ms");

    private void CompareLimits()
    {
        var (before, after) = (Running.Limits, Next.Limits);
        if (before with { Rate = null, Location = null } != after with { Rate = null, Location = null })
        {
            Add("limits", string.Create(CultureInfo.InvariantCulture,
                $"header_size {before.HeaderSize} -> {after.HeaderSize}, header_count {before.HeaderCount} -> {after.HeaderCount}, uri_length {before.UriLength} -> {after.UriLength}, body_size {before.BodySize} -> {after.BodySize} (new connections)"),
                ChangeEffect.Live, location: after.Location);
        }

        if (before.Rate != after.Rate)
        {
            Refuse("limits", $"rate: {Describe(before.Rate)} -> {Describe(after.Rate)}",
                "the entry point's rate limiter is built at start with its buckets; " + RestartNeeded, after.Location);
        }
    }

    private static string Describe(RateLimitSettings? rate) => rate is null
        ? "none"
        : string.Create(CultureInfo.InvariantCulture, $"{rate.Requests} per {rate.Per.TotalSeconds} s, burst {rate.Burst}");

    private void CompareTls()
    {
        var (before, after) = (Running.Tls, Next.Tls);
        if (before.CertificatePath != after.CertificatePath || before.KeyPath != after.KeyPath)
        {
            Add("tls", $"certificate: {before.CertificatePath ?? "development"} -> {after.CertificatePath ?? "development"} (new connections)", ChangeEffect.Live);
        }

        if (before.Hsts != after.Hsts)
        {
            Refuse("tls", $"hsts: {before.Hsts.TotalSeconds} s -> {after.Hsts.TotalSeconds} s", "the HSTS header is set up at start; " + RestartNeeded, null);
        }

        if (before.Internal != after.Internal)
        {
            Refuse("tls", $"internal: {before.Internal} -> {after.Internal}", "every inner listener and forwarder chooses HTTP or HTTPS at start; " + RestartNeeded, null);
        }
    }

    private void CompareSettings()
    {
        var (before, after) = (Running.Site, Next.Site);
        var site = new List<string>();
        Note(site, "name", before.Name, after.Name);
        Note(site, "files", before.FilesDirectory, after.FilesDirectory);
        Note(site, "route_header", before.RouteHeader, after.RouteHeader);
        Note(site, "cache_control", before.CacheControl, after.CacheControl);
        if (before.FileCache != after.FileCache)
        {
            site.Add("file_cache");
        }

        if (before.Compression with { Location = null, Types = [] } != after.Compression with { Location = null, Types = [] }
            || !before.Compression.Types.SequenceEqual(after.Compression.Types, StringComparer.Ordinal))
        {
            site.Add("compression");
        }

        if (before.AccessLog with { Location = null } != after.AccessLog with { Location = null })
        {
            site.Add("access_log");
        }

        if (site.Count > 0)
        {
            Refuse("site", string.Join(", ", site), "the web servers set up their files, compression and logs at start; " + RestartNeeded, after.Location);
        }

        var database = Running.Database;
        var next = Next.Database;
        if (database.Name != next.Name || database.Replication != next.Replication || database.Failover != next.Failover || database.Reads != next.Reads
            || database.Tls != next.Tls || database.Endpoints != next.Endpoints || database.SchemaFile != next.SchemaFile)
        {
            Refuse("database", "database settings", "the database nodes, the monitor and the application servers read them at start; " + RestartNeeded, null);
        }

        var (firewall, nextFirewall) = (Running.Firewall, Next.Firewall);
        if (firewall.Enabled != nextFirewall.Enabled || firewall.SshPort != nextFirewall.SshPort || !firewall.Operators.SequenceEqual(nextFirewall.Operators))
        {
            Refuse("firewall", $"firewall: {(firewall.Enabled ? "on" : "off")} -> {(nextFirewall.Enabled ? "on" : "off")}, operators or ssh_port",
                "whether a listener is guarded and who operates the site are set at start; " + RestartNeeded, nextFirewall.Location);
        }

        if (!Running.Vips.Select(Describe).SequenceEqual(Next.Vips.Select(Describe), StringComparer.Ordinal))
        {
            Refuse("vips", "vips", "keepalived is configured with its VIPs at start; " + RestartNeeded, Next.VipsLocation);
        }

        if (Describe(Running.Dns) != Describe(Next.Dns))
        {
            Refuse("dns", "dns", "the name servers load their zone at start; " + RestartNeeded, Next.Dns?.Location);
        }
    }

    private static string Describe(VirtualAddress vip) => string.Create(CultureInfo.InvariantCulture,
        $"{vip.Name} {vip.Address} {vip.RouterId} {vip.PreemptDelay} {string.Join(",", vip.Members.Select(m => $"{m.ComponentName}:{m.Priority}"))}");

    private static string Describe(DnsSettings? dns) => dns is null
        ? string.Empty
        : string.Create(CultureInfo.InvariantCulture, $"{dns.Zone} {dns.Ttl} {string.Join(",", dns.Records.Select(r => $"{r.Name}={r.Value}"))}");

    private static bool SameRules(IReadOnlyList<FirewallRule> before, IReadOnlyList<FirewallRule> after) =>
        before.Count == after.Count
        && before.Zip(after).All(p => p.First.Port == p.Second.Port && p.First.Sources.SequenceEqual(p.Second.Sources, StringComparer.Ordinal));

    private static bool SameApplication(ApplicationCommand? before, ApplicationCommand? after) =>
        (before, after) switch
        {
            (null, null) => true,
            ({ } b, { } a) => b.Command == a.Command && b.Directory == a.Directory && b.HealthPath == a.HealthPath
                && b.StartTimeout == a.StartTimeout && b.StopTimeout == a.StopTimeout
                && b.Environment.OrderBy(e => e.Key, StringComparer.Ordinal).SequenceEqual(a.Environment.OrderBy(e => e.Key, StringComparer.Ordinal)),
            _ => false,
        };
}

using System.Net;
using System.Text.RegularExpressions;
using WebInfra.Topology.Firewall;
using WebInfra.Topology.Model;
using YamlDotNet.RepresentationModel;

namespace WebInfra.Topology.Loading;

/// <summary>
/// Turns the YAML tree of a topology file into the model, checking shape, keys and value types. Cross-references
/// (a backend naming a component that does not exist, two components on one port) are the validators' job.
/// </summary>
internal sealed partial class TopologyReader(TopologyErrors errors, string baseDirectory)
{
    private static readonly string[] s_rootKeys = ["site", "hosts", "network", "ssh", "servers", "backends", "database", "limits", "tls", "firewall", "dns", "vips", "deploy"];
    private static readonly string[] s_networkKeys = ["subnet"];
    private static readonly string[] s_sshKeys = ["user", "port", "lab", "service_manager", "install_packages"];
    private static readonly string[] s_siteKeys = ["name", "files", "route_header", "cache_control", "file_cache", "compression", "access_log"];
    private static readonly string[] s_compressionKeys = ["gzip", "brotli", "level", "min_size", "types", "precompressed"];
    private static readonly string[] s_compressionLevels = [.. CompressionLevels.Names];
    private static readonly string[] s_accessLogKeys = ["format", "max_size", "keep"];
    private static readonly string[] s_accessLogFormats = ["combined", "json"];
    private static readonly string[] s_fileCacheKeys = ["valid", "max_file_size", "max_size", "max_entries"];
    private static readonly string[] s_deployKeys = ["keep", "observe"];
    private static readonly string[] s_serverKeys = ["address", "components", "firewall", "ssh"];
    private static readonly string[] s_firewallKeys = ["enabled", "operators", "ssh"];
    private static readonly string[] s_firewallRuleKeys = ["port", "from"];
    private static readonly string[] s_backendKeys = ["members", "algorithm", "health", "retries", "retry_body_limit", "timeouts", "slowstart"];
    private static readonly string[] s_memberKeys = ["component", "weight", "backup"];
    private static readonly string[] s_healthKeys = ["path", "interval", "timeout", "rise", "fall", "error_limit"];
    private static readonly string[] s_timeoutKeys = ["connect", "server", "client"];
    private static readonly string[] s_databaseKeys = ["name", "replication", "failover", "reads", "tls", "endpoints", "schema"];
    private static readonly string[] s_endpointKeys = ["writer", "reader"];
    private static readonly string[] s_applicationKeys = ["port", "admin_port", "command", "directory", "env", "health", "start_timeout", "stop_timeout"];
    private static readonly string[] s_failoverKeys = ["interval", "fall", "fencing", "lease"];
    private static readonly string[] s_fencingModes = ["lease", "off"];
    private static readonly string[] s_readKeys = ["max_lag", "read_your_writes_timeout", "during_failover"];
    private static readonly string[] s_limitKeys = ["header_size", "headers", "uri_length", "body_size", "rate"];
    private static readonly string[] s_rateKeys = ["requests", "per", "burst"];
    private static readonly string[] s_tlsKeys = ["certificate", "key", "hsts", "internal"];
    private static readonly string[] s_dnsKeys = ["zone", "ttl", "records"];
    private static readonly string[] s_vipKeys = ["address", "balancers", "preempt", "vrid"];
    private static readonly string[] s_roles = ["primary", "replica"];
    private static readonly string[] s_replicationModes = ["semisync", "async"];
    private static readonly string[] s_readsDuringFailover = ["stale_ok", "fail"];

    /// <summary>The kind of host, read first: it decides how the paths the topology names may be written (<see cref="FilePath"/>).</summary>
    private HostKind _hosts;

    public Model.Topology? Read(YamlMappingNode root, string sourcePath)
    {
        var document = new YamlMapping(root, "the topology", s_rootKeys, errors);
        var hosts = _hosts = document.Choice<HostKind>("hosts", HostKindNames.ToKey) ?? HostKind.Loopback;
        var site = ReadSite(YamlMapping.From(document.Require("site"), "site", s_siteKeys, errors));
        var network = ReadNetwork(document);
        var ssh = ReadSsh(document);
        var vips = ReadVips(document.Get("vips"));
        var onSwitch = hosts == HostKind.Namespaces || (hosts == HostKind.Ssh && ssh.Lab);
        var servers = WithKeepalived(ReadServers(document.Require("servers"), onSwitch ? network.Subnet : null, ssh), vips);
        var backends = ReadBackends(document.Get("backends"));
        var database = ReadDatabase(YamlMapping.From(document.Get("database"), "database", s_databaseKeys, errors));
        var limits = ReadLimits(YamlMapping.From(document.Get("limits"), "limits", s_limitKeys, errors));
        var tls = ReadTls(YamlMapping.From(document.Get("tls"), "tls", s_tlsKeys, errors));
        var firewall = ReadFirewall(YamlMapping.From(document.Get("firewall"), "firewall", s_firewallKeys, errors));
        var dns = ReadDns(YamlMapping.From(document.Get("dns"), "dns", s_dnsKeys, errors));
        var deploy = ReadDeploy(YamlMapping.From(document.Get("deploy"), "deploy", s_deployKeys, errors));
        return site is null ? null : new Model.Topology(sourcePath, site, servers, backends, database)
        {
            Limits = limits,
            Tls = tls,
            Firewall = firewall,
            Hosts = hosts,
            HostsLocation = document.KeyLocation("hosts"),
            Network = network,
            Ssh = ssh,
            Dns = dns,
            Deploy = deploy,
            Vips = vips,
            VipsLocation = document.KeyLocation("vips"),
        };
    }

    private List<VirtualAddress> ReadVips(YamlNode? node)
    {
        var vips = new List<VirtualAddress>();
        if (node is null)
        {
            return vips;
        }

        if (node is not YamlMappingNode mapping || mapping.Children.Count == 0)
        {
            errors.Add(node, "vips must map each virtual address's name to its address and balancers, e.g. www: { address: 10.77.0.100, balancers: { lb-01/balancer: 150, lb-02/balancer: 100 } }");
            return vips;
        }

        foreach (var (key, value) in mapping.Children)
        {
            var name = ReadName(key, "VIP");
            var vip = YamlMapping.From(value, $"VIP '{name}'", s_vipKeys, errors);
            if (name is null || vip is null)
            {
                continue;
            }

            var address = vip.Address("address");
            var members = ReadVrrpMembers(name, vip.Require("balancers"));
            var routerId = vip.Int("vrid", 1, 255, hint: "the VRRP router id, unique among the site's VIPs");
            var preempt = vip.Duration("preempt", TimeSpan.Zero, TimeSpan.FromHours(1), "how long a returning balancer with a higher priority waits before it takes the VIP back, e.g. 30s");
            if (address is not null)
            {
                vips.Add(new VirtualAddress(name, address, members, errors.LocationOf(key))
                {
                    RouterId = routerId ?? vips.Count + 1,
                    RouterIdLocation = vip.Get("vrid") is { } written ? errors.LocationOf(written) : null,
                    AddressLocation = errors.LocationOf(vip.Get("address")!),
                    PreemptDelay = preempt,
                });
            }
        }

        return vips;
    }

    private List<VrrpMember> ReadVrrpMembers(string vipName, YamlNode? node)
    {
        var members = new List<VrrpMember>();
        if (node is null)
        {
            return members;
        }

        if (node is not YamlMappingNode mapping)
        {
            errors.Add(node, $"balancers of VIP '{vipName}' must map each balancer to its VRRP priority, e.g. {{ lb-01/balancer: 150, lb-02/balancer: 100 }}");
            return members;
        }

        foreach (var (key, value) in mapping.Children)
        {
            var component = key is YamlScalarNode { Value: { Length: > 0 } text } ? text : null;
            if (component is null)
            {
                errors.Add(key, $"balancers of VIP '{vipName}' are named server/balancer, e.g. lb-01/balancer");
            }
            else if (value is YamlScalarNode { Value: { } number } && int.TryParse(number, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var priority)
                && priority is >= VrrpMember.MinimumPriority and <= VrrpMember.MaximumPriority)
            {
                members.Add(new VrrpMember(component, priority, errors.LocationOf(key)));
            }
            else
            {
                errors.Add(value, $"the VRRP priority of {component} in VIP '{vipName}' must be a whole number from {VrrpMember.MinimumPriority} to {VrrpMember.MaximumPriority}",
                    "the alive balancer with the highest priority holds the VIP");
            }
        }

        return members;
    }

    /// <summary>
    /// The servers, each with a balancer named in a VIP given its keepalived (<see cref="ComponentKind.Vrrp"/>), declared
    /// where the VIP first names that balancer. It listens on no port: VRRP is an IP protocol of its own.
    /// </summary>
    private static List<Server> WithKeepalived(List<Server> servers, List<VirtualAddress> vips) =>
        [.. servers.Select(server =>
        {
            var member = vips.SelectMany(v => v.Members)
                .FirstOrDefault(m => server.Components.Any(c => c.Kind == ComponentKind.Balancer && c.Name == m.ComponentName));
            return member is null ? server : server with
            {
                Components = [.. server.Components, new Component
                {
                    ServerName = server.Name,
                    Kind = ComponentKind.Vrrp,
                    Role = ComponentRole.Vrrp,
                    Address = server.Address,
                    Port = 0,
                    Location = member.Location,
                }],
            };
        })];

    private DnsSettings? ReadDns(YamlMapping? dns)
    {
        if (dns is null)
        {
            return null;
        }

        // A zone left out is reported here; an empty one keeps the section, so no dns component is reported as lacking it.
        var zone = dns.String("zone", required: true) ?? string.Empty;
        var ttl = dns.Duration("ttl", DnsSettings.MinimumTtl, DnsSettings.MaximumTtl, "how long resolvers may keep an answer, e.g. 30s") ?? DnsSettings.DefaultTtl;
        if (ttl.Ticks % TimeSpan.TicksPerSecond != 0)
        {
            errors.Add(dns.Get("ttl")!, $"'ttl' in dns is {DurationParser.Format(ttl)}, but a record's TTL is whole seconds", "write it in seconds, e.g. 30s");
        }

        var records = new List<DnsRecord>();
        if (dns.Get("records") is { } node)
        {
            ReadRecords(node, records);
        }

        return new DnsSettings(zone.TrimEnd('.').ToLowerInvariant(), ttl, records, dns.Location)
        {
            ZoneLocation = dns.Get("zone") is { } written ? errors.LocationOf(written) : dns.Location,
        };
    }

    /// <summary>Each name of <c>dns.records</c> with one value (<c>www: lb-01</c>) or a list of them, as one record a value.</summary>
    private void ReadRecords(YamlNode node, List<DnsRecord> records)
    {
        if (node is not YamlMappingNode mapping)
        {
            errors.Add(node, "dns.records must map each name to its addresses, such as www: [lb-01]");
            return;
        }

        foreach (var (key, value) in mapping.Children)
        {
            var name = (key as YamlScalarNode)?.Value ?? string.Empty;
            var values = ReadScalars(value, $"dns record '{name}' must list addresses, server names or component names, such as [lb-01] or [10.77.0.10]");
            if (value is YamlSequenceNode { Children.Count: 0 })
            {
                errors.Add(value, $"dns record '{name}' lists nothing to point at", "list addresses, server names or component names, such as [lb-01], or remove the record");
            }

            records.AddRange(values.Select(v => new DnsRecord(name, v.Value!, errors.LocationOf(key), errors.LocationOf(v))));
        }
    }

    private NetworkSettings ReadNetwork(YamlMapping document)
    {
        var network = YamlMapping.From(document.Get("network"), "network", s_networkKeys, errors);
        if (network is null)
        {
            return NetworkSettings.Default;
        }

        var subnet = network.Ipv4Network("subnet", NetworkSettings.MinimumPrefixLength, NetworkSettings.MaximumPrefixLength, required: true);
        if (subnet is not null && Ipv4Subnet.Loopback.Contains(subnet.Value.BaseAddress))
        {
            // Kept, so that servers without an address still get one and are not reported as well.
            errors.Add(network.Get("subnet")!, $"'subnet' in network is {subnet}, inside {Ipv4Subnet.Loopback}, which every network namespace keeps for its own loopback",
                "take a private network such as 10.77.0.0/24");
        }

        return new NetworkSettings(subnet, document.KeyLocation("network"));
    }

    /// <summary>
    /// The absolute path of <paramref name="path"/>, written at <paramref name="key"/> relative to the topology file.
    /// Under <c>hosts: ssh</c> it must be written relative: the topology goes to each host with the files it names, at
    /// a place of the host's own, where only a relative path still leads to them.
    /// </summary>
    private string FilePath(YamlMapping mapping, string key, string path)
    {
        if (_hosts == HostKind.Ssh && Path.IsPathRooted(path))
        {
            errors.Add(mapping.Get(key)!, $"'{key}' is the absolute path {path}; under 'hosts: ssh' each path is written relative to the topology file, which goes to every host with the files it names",
                "write it relative to the topology file's folder (../ is fine)");
        }

        return Path.GetFullPath(Path.Combine(baseDirectory, path));
    }

    private SshSettings ReadSsh(YamlMapping document)
    {
        var ssh = YamlMapping.From(document.Get("ssh"), "ssh", s_sshKeys, errors);
        if (ssh is null)
        {
            return SshSettings.Default;
        }

        var user = ssh.String("user") ?? SshSettings.Default.User;
        if (!SshTarget.IsName(user))
        {
            errors.Add(ssh.Get("user")!, $"'user' in ssh is '{user}', which is not a user name", "a login name such as root or deploy");
        }

        var manager = ssh.Choice<ServiceManager>("service_manager", ServiceManagerNames.ToKey) ?? ServiceManager.Auto;
        return new SshSettings(user, ssh.Int("port", 1, 65535) ?? SshTarget.DefaultPort, ssh.Bool("lab") ?? false, manager,
            ssh.Bool("install_packages") ?? SshSettings.Default.InstallPackages, document.KeyLocation("ssh"));
    }

    private FirewallSettings ReadFirewall(YamlMapping? firewall)
    {
        if (firewall is null)
        {
            return FirewallSettings.Default;
        }

        var operators = FirewallSettings.Default.Operators;
        if (firewall.Get("operators") is { } node)
        {
            operators = [.. ReadScalars(node, $"firewall.operators must list sources: {FirewallSources.Forms}").Select(ReadRange).OfType<IPNetwork>()];
        }

        // ssh: false keeps the port closed; a number moves it.
        int? ssh = FirewallSettings.DefaultSshPort;
        if (firewall.Get("ssh") is YamlScalarNode { Value: "false" })
        {
            ssh = null;
        }
        else if (firewall.Int("ssh", 1, 65535, hint: "the port the exported rules keep open to operators, or false for none") is { } port)
        {
            ssh = port;
        }

        return new FirewallSettings(firewall.Bool("enabled") ?? true, operators, ssh, firewall.Location);
    }

    private IPNetwork? ReadRange(YamlScalarNode node)
    {
        if (FirewallSources.TryParseRange(node.Value!, out var range))
        {
            return range;
        }

        errors.Add(node, $"firewall.operators lists '{node.Value}', which is not an address or a range such as 10.0.0.0/24");
        return null;
    }

    /// <summary>A list of values, or one value written alone (<c>from: web</c>); any other item is reported with <paramref name="mustList"/>.</summary>
    private List<YamlScalarNode> ReadScalars(YamlNode node, string mustList)
    {
        var items = node is YamlSequenceNode sequence ? sequence.Children : [node];
        var sources = new List<YamlScalarNode>();
        foreach (var item in items)
        {
            if (item is YamlScalarNode { Value.Length: > 0 } scalar)
            {
                sources.Add(scalar);
            }
            else
            {
                errors.Add(item, mustList);
            }
        }

        return sources;
    }

    private List<FirewallRule> ReadFirewallRules(string serverName, YamlNode? node)
    {
        var rules = new List<FirewallRule>();
        if (node is null)
        {
            return rules;
        }

        if (node is not YamlSequenceNode sequence)
        {
            errors.Add(node, $"the firewall of server '{serverName}' must be a list of openings such as - {{ port: 9100, from: operators }}");
            return rules;
        }

        foreach (var item in sequence.Children)
        {
            var context = $"a firewall rule of server '{serverName}'";
            var rule = YamlMapping.From(item, context, s_firewallRuleKeys, errors);
            var port = rule?.Int("port", 1, 65535, required: true);
            var from = rule?.Require("from") is { } sources ? ReadScalars(sources, $"'from' in {context} must list sources: {FirewallSources.Forms}") : null;
            if (from is [] && rule!.Get("from") is YamlSequenceNode { Children.Count: 0 } empty)
            {
                errors.Add(empty, $"'from' in {context} is empty; list who may connect: {FirewallSources.Forms}");
            }

            if (port is not null && from is { Count: > 0 })
            {
                rules.Add(new FirewallRule(port.Value, [.. from.Select(s => s.Value!)], errors.LocationOf(item)));
            }
        }

        return rules;
    }

    private TlsSettings ReadTls(YamlMapping? tls)
    {
        if (tls is null)
        {
            return TlsSettings.Default;
        }

        var certificate = tls.String("certificate");
        var key = tls.String("key");
        if ((certificate is null) != (key is null))
        {
            errors.Add(tls.Get(certificate is null ? "key" : "certificate")!, "tls needs both 'certificate' and 'key' (PEM files), or neither for a development certificate from './webinfra cert'");
        }

        foreach (var (name, path) in new[] { ("certificate", certificate), ("key", key) })
        {
            if (path is not null && !File.Exists(Path.Combine(baseDirectory, path)))
            {
                errors.Add(tls.Get(name)!, $"tls {name} '{path}' does not exist (paths are relative to the topology file)");
            }
        }

        var hsts = tls.Int("hsts", 0, TlsSettings.MaximumHstsSeconds, hint: "seconds, as in max-age: 31536000 is a year, 0 sends no HSTS") is { } seconds
            ? TimeSpan.FromSeconds(seconds)
            : TlsSettings.Default.Hsts;
        return new TlsSettings(
            certificate is null || key is null ? null : FilePath(tls, "certificate", certificate),
            certificate is null || key is null ? null : FilePath(tls, "key", key),
            hsts)
        {
            Internal = tls.Bool("internal") ?? false,
        };
    }

    private RequestLimits ReadLimits(YamlMapping? limits)
    {
        if (limits is null)
        {
            return RequestLimits.Default;
        }

        var defaults = RequestLimits.Default;
        return new RequestLimits(
            limits.Size("header_size", 1024, RequestLimits.MaximumHeaderSize) ?? defaults.HeaderSize,
            limits.Int("headers", 1, 10_000) ?? defaults.HeaderCount,
            limits.Size("uri_length", 256, RequestLimits.MaximumHeaderSize) ?? defaults.UriLength,
            limits.Size("body_size", 0, RequestLimits.MaximumBodySize) ?? defaults.BodySize,
            ReadRate(YamlMapping.From(limits.Get("rate"), "limits.rate", s_rateKeys, errors)),
            limits.Location);
    }

    private RateLimitSettings? ReadRate(YamlMapping? rate)
    {
        if (rate is null)
        {
            return null;
        }

        var requests = rate.Int("requests", 1, 1_000_000, required: true);
        var per = rate.Duration("per", TimeSpan.FromMilliseconds(100), TimeSpan.FromHours(1)) ?? TimeSpan.FromSeconds(1);
        var burst = rate.Int("burst", 1, 1_000_000) ?? requests;
        if (requests is { } allowed && burst < allowed)
        {
            errors.Add(rate.Get("burst")!, $"limits.rate.burst is {burst}, fewer than the {allowed} requests allowed per period; a client could never use its rate", "make burst at least as large as requests");
        }

        return requests is null || burst is null ? null : new RateLimitSettings(requests.Value, per, burst.Value);
    }

    private static DeploySettings ReadDeploy(YamlMapping? deploy)
    {
        var defaults = DeploySettings.Default;
        return deploy is null
            ? defaults
            : new DeploySettings(
                deploy.Int("keep", DeploySettings.MinimumKeep, DeploySettings.MaximumKeep, hint: "releases kept per server, the current one and the one before it always among them") ?? defaults.Keep,
                deploy.Duration("observe", TimeSpan.FromSeconds(1), DeploySettings.MaximumObserve, "how long the canary serves before its error rate is compared, e.g. 10s") ?? defaults.Observe);
    }

    private SiteSettings? ReadSite(YamlMapping? site)
    {
        if (site is null)
        {
            return null;
        }

        var name = site.String("name", required: true);
        var files = site.String("files", required: true);
        var routeHeader = site.Bool("route_header") ?? false;
        var cacheControl = site.String("cache_control") ?? SiteSettings.DefaultCacheControl;
        var fileCache = ReadFileCache(YamlMapping.From(site.Get("file_cache"), "site.file_cache", s_fileCacheKeys, errors));
        var accessLog = ReadAccessLog(site.Get("access_log"));
        var compression = ReadCompression(YamlMapping.From(site.Get("compression"), "site.compression", s_compressionKeys, errors));
        return name is null || files is null
            ? null
            : new SiteSettings(name, FilePath(site, "files", files), routeHeader, cacheControl, fileCache, compression, site.Location) { AccessLog = accessLog };
    }

    private CompressionSettings ReadCompression(YamlMapping? compression)
    {
        var defaults = CompressionSettings.Default;
        if (compression is null)
        {
            return defaults;
        }

        var types = defaults.Types;
        if (compression.Get("types") is { } node)
        {
            types = [.. ReadScalars(node, "site.compression.types must list media types, such as [text/*, application/json]").Where(IsMediaTypePattern).Select(t => t.Value!)];
            if (node is YamlSequenceNode { Children.Count: 0 })
            {
                errors.Add(node, "site.compression.types lists no media type, so nothing would ever be compressed", "list the types to compress, or set gzip: false and brotli: false to turn compression off");
            }
        }

        return new CompressionSettings(
            compression.Bool("gzip") ?? defaults.Gzip,
            compression.Bool("brotli") ?? defaults.Brotli,
            compression.Choice("level", s_compressionLevels) is { } level ? CompressionLevels.FromName(level) : defaults.Level,
            compression.Size("min_size", 0, CompressionSettings.MaximumMinSize) ?? defaults.MinSize,
            types,
            compression.Bool("precompressed") ?? defaults.Precompressed,
            compression.Location);
    }

    private bool IsMediaTypePattern(YamlScalarNode type)
    {
        if (MediaTypePattern().IsMatch(type.Value!))
        {
            return true;
        }

        errors.Add(type, $"site.compression.types lists '{type.Value}', which is not a media type such as text/css, or a whole type such as text/*");
        return false;
    }

    /// <summary><c>access_log: off</c> (or <c>false</c>), or a mapping of format, max_size and keep; the defaults for what it leaves out.</summary>
    private AccessLogSettings ReadAccessLog(YamlNode? node)
    {
        var defaults = AccessLogSettings.Default;
        if (node is YamlScalarNode { Value: var word })
        {
            if (string.Equals(word, "off", StringComparison.OrdinalIgnoreCase) || string.Equals(word, "false", StringComparison.OrdinalIgnoreCase))
            {
                return AccessLogSettings.Off with { Location = errors.LocationOf(node) };
            }

            errors.Add(node, $"site.access_log is '{word}'; it must be off, or a mapping such as {{ format: combined, max_size: 10mb, keep: 5 }}");
            return defaults;
        }

        if (YamlMapping.From(node, "site.access_log", s_accessLogKeys, errors) is not { } log)
        {
            return defaults;
        }

        var format = log.Choice("format", s_accessLogFormats) is "json" ? AccessLogFormat.Json : AccessLogFormat.Combined;
        return new AccessLogSettings(
            Enabled: true,
            format,
            log.Size("max_size", AccessLogSettings.MinimumSize, AccessLogSettings.MaximumSize) ?? defaults.MaxSize,
            log.Int("keep", 0, AccessLogSettings.MaximumKeep, hint: "rotated files kept: access.log.1 to access.log.N") ?? defaults.Keep,
            log.Location);
    }

    private FileCacheSettings ReadFileCache(YamlMapping? cache)
    {
        var defaults = FileCacheSettings.Default;
        if (cache is null)
        {
            return defaults;
        }

        var settings = new FileCacheSettings(
            cache.Duration("valid", TimeSpan.FromMilliseconds(1), FileCacheSettings.MaximumValid, "a change on disk shows after at most this long") ?? defaults.Valid,
            cache.Size("max_file_size", 0, FileCacheSettings.MaximumSize) ?? defaults.MaxFileSize,
            cache.Size("max_size", 0, FileCacheSettings.MaximumSize) ?? defaults.MaxSize,
            cache.Int("max_entries", 1, 10_000_000) ?? defaults.MaxEntries);
        if (settings.MaxFileSize > settings.MaxSize)
        {
            errors.Add(cache.Get("max_file_size") ?? cache.Get("max_size")!, $"site.file_cache.max_file_size is {settings.MaxFileSize} bytes, more than max_size ({settings.MaxSize}); no file that size could ever be held", "make max_size at least as large as max_file_size");
        }

        return settings;
    }

    /// <summary>
    /// Reads the servers in file order. With <paramref name="assignFrom"/> (<c>hosts: namespaces</c> and a
    /// <c>network.subnet</c>) a server may leave out its address and gets the next free host address of the subnet.
    /// </summary>
    private List<Server> ReadServers(YamlNode? node, IPNetwork? assignFrom, SshSettings ssh)
    {
        var servers = new List<Server>();
        if (node is null)
        {
            return servers;
        }

        if (node is not YamlMappingNode mapping || mapping.Children.Count == 0)
        {
            errors.Add(node, "servers must map each server's name to its address and components");
            return servers;
        }

        var declared = new List<DeclaredServer>();
        foreach (var (key, value) in mapping.Children)
        {
            var name = ReadName(key, "server");
            var server = YamlMapping.From(value, $"server '{name}'", s_serverKeys, errors);
            if (name is not null && server is not null)
            {
                declared.Add(new DeclaredServer(name, key, server) { Address = server.Address("address", required: assignFrom is null) });
            }
        }

        if (assignFrom is { } subnet)
        {
            AssignAddresses(declared, subnet);
        }

        foreach (var declaration in declared)
        {
            var (name, key, server) = declaration;
            var address = declaration.Address;
            var components = ReadComponents(name, address ?? IPAddress.None, server);
            if (address is not null)
            {
                servers.Add(new Server(name, address, components, errors.LocationOf(key))
                {
                    FirewallRules = ReadFirewallRules(name, server.Get("firewall")),
                    AddressLocation = server.Get("address") is { } written ? errors.LocationOf(written) : null,
                    Ssh = ReadSshTarget(name, server, ssh),
                    SshLocation = server.Get("ssh") is { } target ? errors.LocationOf(target) : null,
                });
            }
        }

        return servers;
    }

    private SshTarget? ReadSshTarget(string serverName, YamlMapping server, SshSettings ssh)
    {
        if (server.String("ssh") is not { } text)
        {
            return null;
        }

        if (SshTarget.TryParse(text, ssh.User, ssh.Port, out var target))
        {
            return target;
        }

        errors.Add(server.Get("ssh")!, $"'ssh' of server '{serverName}' is '{text}', which is not an SSH target", $"write one of {SshTarget.Forms}, such as deploy@203.0.113.7:2222");
        return null;
    }

    /// <summary>
    /// Gives each server without an <c>address</c> key the next host address of <paramref name="subnet"/> in file order,
    /// passing over the addresses other servers state and the operator's (the subnet's last host address).
    /// </summary>
    private void AssignAddresses(List<DeclaredServer> declared, IPNetwork subnet)
    {
        var taken = declared.Select(d => d.Address).OfType<IPAddress>().Append(Ipv4Subnet.LastHost(subnet)).ToHashSet();
        using var free = Ipv4Subnet.Hosts(subnet).Where(a => !taken.Contains(a)).GetEnumerator();
        foreach (var server in declared.Where(d => d.Mapping.Get("address") is null))
        {
            if (free.MoveNext())
            {
                server.Address = free.Current;
            }
            else
            {
                errors.Add(server.Key, $"server '{server.Name}' has no address, and network.subnet {subnet} has no free host address left to give it",
                    "take a larger network.subnet (a shorter prefix), or give the server an address");
            }
        }
    }

    /// <summary>A server as declared, before its components are read: they take its address, which may be assigned.</summary>
    private sealed record DeclaredServer(string Name, YamlNode Key, YamlMapping Mapping)
    {
        public IPAddress? Address { get; set; }
    }

    private List<Component> ReadComponents(string serverName, IPAddress address, YamlMapping server)
    {
        var components = new List<Component>();
        var allowed = ComponentRoleNames.DeclaredKinds.Select(k => k.ToKey()).ToArray();
        var node = server.Require("components");
        var mapping = YamlMapping.From(node, $"the components of server '{serverName}'", allowed, errors);
        if (mapping is null)
        {
            return components;
        }

        foreach (var (key, value) in mapping.Entries)
        {
            var kind = ComponentRoleNames.DeclaredKinds.FirstOrDefault(k => k.ToKey() == key.Value);
            if (!allowed.Contains(key.Value))
            {
                continue;
            }

            var context = $"component '{serverName}/{key.Value}'";
            var keys = kind switch
            {
                ComponentKind.Balancer => new[] { "port", "admin_port", "backend", "https_port" },
                ComponentKind.Web => ["port", "admin_port", "backend"],
                ComponentKind.Database => ["port", "role"],
                ComponentKind.Dns => ["port"],
                ComponentKind.Etcd => ["port", "peer_port"],
                ComponentKind.App => s_applicationKeys,
                _ => ["port", "admin_port"],
            };
            var component = YamlMapping.From(value, context, keys, errors);
            if (component is null)
            {
                continue;
            }

            var port = component.Int("port", 1, 65535, required: true);
            var adminPort = kind is ComponentKind.Database or ComponentKind.Dns or ComponentKind.Etcd ? null : ReadAdminPort(context, component, port);
            var backend = kind is ComponentKind.Balancer or ComponentKind.Web ? component.String("backend", required: true) : null;
            var httpsPort = kind == ComponentKind.Balancer ? component.Int("https_port", 1, 65535) : null;
            var peerPort = kind == ComponentKind.Etcd ? component.Int("peer_port", 1, 65535) ?? port + 1 : null;
            var role = kind switch
            {
                ComponentKind.Balancer => ComponentRole.Balancer,
                ComponentKind.Web => ComponentRole.Web,
                ComponentKind.App => ComponentRole.App,
                ComponentKind.Monitor => ComponentRole.Monitor,
                ComponentKind.Dns => ComponentRole.Dns,
                ComponentKind.Etcd => ComponentRole.Etcd,
                _ => component.Choice("role", s_roles, required: true) == "replica" ? ComponentRole.DatabaseReplica : ComponentRole.DatabasePrimary,
            };
            if (port is not null)
            {
                components.Add(new Component
                {
                    ServerName = serverName,
                    Kind = kind,
                    Role = role,
                    Address = address,
                    Port = port.Value,
                    AdminPort = adminPort,
                    HttpsPort = httpsPort,
                    PeerPort = peerPort,
                    Backend = backend,
                    Application = kind == ComponentKind.App ? ReadApplication(context, component) : null,
                    Location = errors.LocationOf(key),
                });
            }
        }

        return components;
    }

    /// <summary>The user's application an application server runs, or null when it names no command (the sample board).</summary>
    private ApplicationCommand? ReadApplication(string context, YamlMapping component)
    {
        var command = component.String("command");
        if (command is null)
        {
            foreach (var key in s_applicationKeys.Skip(3))
            {
                if (component.Get(key) is { } stray)
                {
                    errors.Add(stray, $"'{key}' in {context} only applies to the user's own application", "add 'command' (the command line that starts it), or remove it");
                }
            }

            return null;
        }

        var health = component.String("health") ?? HealthCheckSettings.Default.Path;
        if (!health.StartsWith('/'))
        {
            errors.Add(component.Get("health")!, $"'health' in {context} must be a path starting with '/', such as /healthz");
        }

        return new ApplicationCommand(
            command,
            FilePath(component, "directory", component.String("directory") ?? "."),
            ReadEnvironment(context, component.Get("env")),
            health,
            component.Duration("start_timeout", TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(10)) ?? ApplicationCommand.DefaultStartTimeout,
            component.Duration("stop_timeout", TimeSpan.Zero, ApplicationCommand.MaximumStopTimeout, "'down' kills whatever still runs after 30 s") ?? ApplicationCommand.DefaultStopTimeout,
            errors.LocationOf(component.Get("command")!))
        {
            DirectoryLocation = component.Get("directory") is { } directory ? errors.LocationOf(directory) : null,
        };
    }

    /// <summary>An <c>env</c> mapping of variable names to values; a name the shell could not export is refused.</summary>
    private Dictionary<string, string> ReadEnvironment(string context, YamlNode? node)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        if (node is null)
        {
            return environment;
        }

        if (node is not YamlMappingNode mapping)
        {
            errors.Add(node, $"'env' in {context} must map variable names to values, e.g. env: {{ LOG_LEVEL: info }}");
            return environment;
        }

        foreach (var (key, value) in mapping.Children)
        {
            if (key is not YamlScalarNode { Value: { } name } || !VariableName().IsMatch(name))
            {
                errors.Add(key, $"'{(key as YamlScalarNode)?.Value}' in the env of {context} is not a variable name: use letters, digits and '_', not starting with a digit");
            }
            else if (value is YamlScalarNode { Value: var text })
            {
                environment[name] = text ?? string.Empty;
            }
            else
            {
                errors.Add(value, $"variable {name} in the env of {context} must be a single value (quote it if it looks like a list or a mapping)");
            }
        }

        return environment;
    }

    /// <summary>The admin port as written, or the component's port plus <see cref="Component.DefaultAdminPortOffset"/>.</summary>
    private int? ReadAdminPort(string context, YamlMapping component, int? port)
    {
        if (component.Int("admin_port", 1, 65535) is { } adminPort)
        {
            return adminPort;
        }

        if (port is not { } publicPort)
        {
            return null;
        }

        if (publicPort + Component.DefaultAdminPortOffset > 65535)
        {
            errors.Add(component.Get("port")!, $"{context} has port {publicPort}, so its admin listener cannot take the default port {publicPort} + {Component.DefaultAdminPortOffset}",
                "set 'admin_port' to a free port");
            return null;
        }

        return publicPort + Component.DefaultAdminPortOffset;
    }

    private List<Backend> ReadBackends(YamlNode? node)
    {
        var backends = new List<Backend>();
        if (node is null)
        {
            return backends;
        }

        if (node is not YamlMappingNode mapping)
        {
            errors.Add(node, "backends must map each backend's name to its members and settings");
            return backends;
        }

        foreach (var (key, value) in mapping.Children)
        {
            var name = ReadName(key, "backend");
            var backend = YamlMapping.From(value, $"backend '{name}'", s_backendKeys, errors);
            if (name is null || backend is null)
            {
                continue;
            }

            var members = ReadMembers(name, backend.Require("members"));
            var algorithm = backend.Choice("algorithm", BalancingAlgorithms.All) ?? BalancingAlgorithms.RoundRobin;
            var health = ReadHealth(name, YamlMapping.From(backend.Get("health"), $"the health check of backend '{name}'", s_healthKeys, errors));
            var retry = new RetrySettings(
                backend.Int("retries", 0, RetrySettings.MaximumCount) ?? RetrySettings.Default.Count,
                backend.Size("retry_body_limit", 0, RetrySettings.MaximumBodyLimit) ?? RetrySettings.Default.BodyLimit);
            var timeouts = ReadTimeouts(YamlMapping.From(backend.Get("timeouts"), $"the timeouts of backend '{name}'", s_timeoutKeys, errors));
            var slowStart = backend.Duration("slowstart", TimeSpan.FromMilliseconds(100), Backend.MaximumSlowStart) ?? TimeSpan.Zero;
            if (slowStart > TimeSpan.Zero && string.Equals(algorithm, BalancingAlgorithms.Source, StringComparison.OrdinalIgnoreCase))
            {
                errors.Add(backend.Get("slowstart")!, $"backend '{name}' balances by source, where slowstart has no effect",
                    "a member's weight ramps up under roundrobin and leastconn; with source, a client's member is chosen by its address alone");
            }

            backends.Add(new Backend(name, members, algorithm, health, retry, timeouts, errors.LocationOf(key)) { SlowStart = slowStart });
        }

        return backends;
    }

    private List<BackendMember> ReadMembers(string backendName, YamlNode? node)
    {
        var members = new List<BackendMember>();
        if (node is null)
        {
            return members;
        }

        if (node is not YamlSequenceNode { Children.Count: > 0 } sequence)
        {
            errors.Add(node, $"members of backend '{backendName}' must be a non-empty list such as [server-1/web, server-2/web]");
            return members;
        }

        foreach (var item in sequence.Children)
        {
            if (ReadMember(backendName, item) is { } member)
            {
                members.Add(member);
            }
        }

        return members;
    }

    /// <summary>
    /// A member is a component name (<c>server-1/web</c>, weight 1) or, to give it a weight or make it a backup, a
    /// mapping <c>{ component: server-1/web, weight: 3 }</c> or <c>{ component: server-2/web, backup: true }</c>. The key is <c>component</c>, not HAProxy's <c>server</c>,
    /// because here a server is a host and a member is one component on it.
    /// </summary>
    private BackendMember? ReadMember(string backendName, YamlNode item)
    {
        switch (item)
        {
            case YamlScalarNode { Value: { Length: > 0 } reference }:
                return new BackendMember(reference, errors.LocationOf(item));
            case YamlMappingNode mapping:
            {
                var member = new YamlMapping(mapping, $"a member of backend '{backendName}'", s_memberKeys, errors);
                var component = member.String("component", required: true);
                var weight = member.Int("weight", BackendMember.MinimumWeight, BackendMember.MaximumWeight,
                    hint: "HAProxy also takes weight 0; here a member that should get no traffic is left out of the list instead");
                var backup = member.Bool("backup") ?? false;
                return component is null ? null : new BackendMember(component, member.Location, weight ?? BackendMember.DefaultWeight, backup);
            }

            default:
                errors.Add(item, $"a member of backend '{backendName}' must be a component name such as server-1/web, or a mapping such as {{ component: server-1/web, weight: 3, backup: true }}");
                return null;
        }
    }

    private HealthCheckSettings ReadHealth(string backendName, YamlMapping? health)
    {
        var defaults = HealthCheckSettings.Default;
        if (health is null)
        {
            return defaults;
        }

        var path = health.String("path") ?? defaults.Path;
        if (!path.StartsWith('/'))
        {
            errors.Add(health.Get("path")!, $"the health check path of backend '{backendName}' must start with '/', not '{path}'");
        }

        return new HealthCheckSettings(
            path,
            health.Duration("interval") ?? defaults.Interval,
            health.Duration("timeout") ?? defaults.Timeout,
            health.Int("rise", 1, 100) ?? defaults.Rise,
            health.Int("fall", 1, 100) ?? defaults.Fall,
            health.Int("error_limit", 1, 100) ?? defaults.ErrorLimit);
    }

    private static BackendTimeouts ReadTimeouts(YamlMapping? timeouts)
    {
        var defaults = BackendTimeouts.Default;
        return timeouts is null
            ? defaults
            : new BackendTimeouts(
                timeouts.Duration("connect") ?? defaults.Connect,
                timeouts.Duration("server") ?? defaults.Server,
                timeouts.Duration("client") ?? defaults.Client);
    }

    private DatabaseSettings ReadDatabase(YamlMapping? database)
    {
        if (database is null)
        {
            return DatabaseSettings.Default;
        }

        var name = database.String("name") ?? DatabaseSettings.DefaultName;
        if (!SchemaName().IsMatch(name))
        {
            errors.Add(database.Get("name")!, $"database name '{name}' may use only letters, digits and '_' (at most 64)");
        }

        var replication = database.Choice("replication", s_replicationModes) == "async" ? ReplicationMode.Async : ReplicationMode.SemiSync;
        var failover = YamlMapping.From(database.Get("failover"), "the database failover", s_failoverKeys, errors);
        var reads = YamlMapping.From(database.Get("reads"), "the database reads", s_readKeys, errors);
        var interval = failover?.Duration("interval") ?? FailoverSettings.Default.Interval;
        if (interval < FailoverSettings.MinimumInterval)
        {
            errors.Add(failover!.Get("interval")!, $"the database monitor would check every {interval.TotalMilliseconds}ms; the shortest interval is {FailoverSettings.MinimumInterval.TotalMilliseconds}ms");
        }

        var endpoints = YamlMapping.From(database.Get("endpoints"), "the database endpoints", s_endpointKeys, errors);
        var schema = database.String("schema");
        return new DatabaseSettings(
            name,
            replication,
            ReadFailover(failover, interval, errors),
            new ReadSettings(
                reads?.Duration("max_lag") ?? ReadSettings.Default.MaxLag,
                reads?.Duration("read_your_writes_timeout") ?? ReadSettings.Default.ReadYourWritesTimeout)
            {
                DuringFailover = reads?.Choice("during_failover", s_readsDuringFailover) == "fail" ? ReadsDuringFailover.Fail : ReadsDuringFailover.StaleOk,
            })
        {
            Tls = database.Bool("tls") ?? false,
            Endpoints = new DatabaseEndpoints(
                endpoints?.Int("writer", 1, 65535) ?? DatabaseEndpoints.Default.WriterPort,
                endpoints?.Int("reader", 1, 65535) ?? DatabaseEndpoints.Default.ReaderPort),
            SchemaFile = schema is null ? null : FilePath(database, "schema", schema),
            SchemaLocation = database.Get("schema") is { } written ? errors.LocationOf(written) : null,
        };
    }

    private static FailoverSettings ReadFailover(YamlMapping? failover, TimeSpan interval, TopologyErrors errors)
    {
        var lease = failover?.Duration("lease") ?? FailoverSettings.LeaseFor(interval);
        if (lease < 2 * interval)
        {
            errors.Add(failover!.Get("lease")!,
                $"the primary's lease ({lease.TotalMilliseconds:0}ms) must last at least two check intervals ({2 * interval.TotalMilliseconds:0}ms), or one late check would fence a healthy primary");
        }

        return new FailoverSettings(interval, failover?.Int("fall", 1, 100) ?? FailoverSettings.Default.Fall)
        {
            Fencing = failover?.Choice("fencing", s_fencingModes) switch
            {
                "lease" => FencingMode.Lease,
                "off" => FencingMode.Off,
                _ => null,
            },
            Lease = lease,
        };
    }

    private string? ReadName(YamlNode key, string what)
    {
        if (key is YamlScalarNode { Value: { } name } && NodeName().IsMatch(name))
        {
            return name;
        }

        errors.Add(key, $"a {what} name may use only letters, digits, '.', '_' and '-', and must start with a letter or digit");
        return null;
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$")]
    private static partial Regex NodeName();

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex VariableName();

    [GeneratedRegex("^[A-Za-z0-9_]{1,64}$")]
    private static partial Regex SchemaName();

    /// <summary><c>type/subtype</c> or <c>type/*</c>, in the token characters of RFC 9110; no parameters.</summary>
    [GeneratedRegex(@"^[A-Za-z0-9!#$&^_.+-]+/([A-Za-z0-9!#$&^_.+-]+|\*)$")]
    private static partial Regex MediaTypePattern();
}

using System.Net;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using WebInfra.Cli.Logging;
using WebInfra.Cli.Supervision;
using WebInfra.Hosting;
using WebInfra.Hosting.Health;
using WebInfra.Hosting.Processes;
using WebInfra.Topology.Dns;
using WebInfra.Topology.Model;

namespace WebInfra.Cli.Components;

/// <summary>
/// The <c>dns</c> component: runs Knot DNS (<c>knotd</c>) as its child with the configuration and zone of
/// <see cref="DnsServers"/>, and checks every entry address the zone answers with, as Route 53's health checks do: each
/// second it asks <c>/healthz</c> on the site's port of each balancer address and each VIP a record names, and when one
/// has failed <see cref="HealthFall"/> checks in a row its address leaves the records (Knot reloads the zone with a higher
/// serial), to come back after <see cref="HealthRise"/> passes. A record whose addresses are all down keeps them all. So
/// with active-active DNS, an address whose balancers are both down leaves the answer within a few seconds, well within
/// one TTL of the answers resolvers already hold.
/// </summary>
internal sealed partial class NameServerAgent(ComponentContext context, ILogger<NameServerAgent> logger) : BackgroundService
{
    /// <summary>How often each entry address is checked.</summary>
    public static readonly TimeSpan HealthInterval = TimeSpan.FromSeconds(1);

    /// <summary>Failed checks in a row before an address leaves the records.</summary>
    public const int HealthFall = 2;

    /// <summary>Passed checks in a row before an address comes back.</summary>
    public const int HealthRise = 2;

    private static readonly TimeSpan s_timeout = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan s_stopGrace = TimeSpan.FromSeconds(5);

    /// <summary>Runs the component in <paramref name="context"/> until it is told to stop.</summary>
    public static Task RunAsync(ComponentContext context, CancellationToken cancellationToken) =>
        ComponentHost.RunAgentAsync<NameServerAgent>(context, cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var topology = context.Topology;
        var dns = topology.Dns ?? throw new InvalidOperationException($"{topology.SourcePath} has a dns component and no dns section; validation refuses that");
        var servers = new DnsServers(topology, new StateDirectory(context.StateDirectory));
        var (program, arguments) = servers.Prepare(context.Component);
        var directory = servers.DirectoryOf(context.Component);
        using var knotd = ForegroundProgram.Start(program, arguments);
        LogStarted(logger, knotd.Id, dns.Zone, context.Component.Authority);
        await knotd.SuperviseAsync([token => CheckEntriesAsync(dns, directory, token)], s_stopGrace, stoppingToken);
    }

    /// <summary>
    /// The addresses the zone answers with that are entry points, each with the site's port there: a balancer's server
    /// address, or a VIP (its balancers' port). Other addresses are not checked and always answered.
    /// </summary>
    internal static IReadOnlyList<IPEndPoint> EntryPoints(Topology.Model.Topology topology)
    {
        ArgumentNullException.ThrowIfNull(topology);
        var balancers = topology.Components.Where(c => c.Kind == ComponentKind.Balancer).ToList();
        int? PortOf(IPAddress address) =>
            balancers.FirstOrDefault(b => b.Address.Equals(address))?.Port
            ?? topology.Vips.Where(v => v.Address.Equals(address)).Select(v => topology.FindComponent(v.Members[0].ComponentName)?.Port).FirstOrDefault();
        return [.. (topology.Dns?.Records ?? [])
            .SelectMany(r => r.Resolve(topology))
            .Distinct()
            .Select(a => PortOf(a) is { } port ? new IPEndPoint(a, port) : null)
            .OfType<IPEndPoint>()];
    }

    private async Task CheckEntriesAsync(DnsSettings dns, string directory, CancellationToken cancellationToken)
    {
        var entries = EntryPoints(context.Topology).ToDictionary(e => e, _ => new RiseFall(HealthRise, HealthFall));
        if (entries.Count == 0)
        {
            return;
        }

        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false, ConnectTimeout = s_timeout, AllowAutoRedirect = false }) { Timeout = s_timeout };
        var withdrawn = new HashSet<IPAddress>();
        var serial = ZoneFile.SerialOf(File.GetLastWriteTimeUtc(context.Topology.SourcePath));
        using var timer = new PeriodicTimer(HealthInterval);
        try
        {
            do
            {
                var results = await Task.WhenAll(entries.Keys.Select(async e => (Entry: e, Up: await AnswersAsync(http, e, cancellationToken))));
                var changed = false;
                foreach (var (entry, up) in results)
                {
                    if (!entries[entry].Observe(up))
                    {
                        continue;
                    }

                    if (up && withdrawn.Remove(entry.Address))
                    {
                        LogEntryBack(logger, entry.ToString());
                        changed = true;
                    }
                    else if (!up && withdrawn.Add(entry.Address))
                    {
                        LogEntryWithdrawn(logger, entry.ToString(), HealthFall);
                        changed = true;
                    }
                }

                if (changed)
                {
                    serial = Math.Max(serial + 1, ZoneFile.SerialOf(DateTime.UtcNow));
                    await File.WriteAllTextAsync(KnotConfiguration.ZoneFilePath(directory, dns), ZoneFile.Create(context.Topology, serial, withdrawn), CancellationToken.None);
                    await ReloadAsync(directory, dns, serial);
                }
            }
            while (await timer.WaitForNextTickAsync(cancellationToken));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    /// <summary>Whether the entry point answers <c>/healthz</c> on the site's port with anything but a server error (a redirect to HTTPS counts).</summary>
    private static async Task<bool> AnswersAsync(HttpClient http, IPEndPoint entry, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await http.GetAsync(new Uri($"http://{entry}{HealthEndpointExtensions.Path}"), cancellationToken);
            return (int)response.StatusCode < 500;
        }
        catch (HttpRequestException)
        {
            return false;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    private async Task ReloadAsync(string directory, DnsSettings dns, uint serial)
    {
        var output = await ForegroundProgram.RunToEndAsync("knotc", ["-c", KnotConfiguration.ConfigFile(directory), "zone-reload", dns.Zone], CancellationToken.None);
        LogZoneReloaded(logger, dns.Zone, serial, output);
    }

    [LoggerMessage(EventIds.NameServerStarted, LogLevel.Information, "knotd started (pid {Pid}) for {Zone} on {Authority}")]
    private static partial void LogStarted(ILogger logger, int pid, string zone, string authority);

    [LoggerMessage(EventIds.EntryWithdrawn, LogLevel.Warning, "{Entry} failed {Fall} health checks in a row: its address leaves the zone's records")]
    private static partial void LogEntryWithdrawn(ILogger logger, string entry, int fall);

    [LoggerMessage(EventIds.EntryBack, LogLevel.Information, "{Entry} is healthy again: its address is back in the zone's records")]
    private static partial void LogEntryBack(ILogger logger, string entry);

    [LoggerMessage(EventIds.ZoneReloaded, LogLevel.Information, "zone {Zone} reloaded with serial {Serial}: {Output}")]
    private static partial void LogZoneReloaded(ILogger logger, string zone, uint serial, string output);
}

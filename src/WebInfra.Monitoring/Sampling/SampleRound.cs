using WebInfra.Hosting.Vrrp;
using WebInfra.Monitoring.Dashboard;
using WebInfra.Topology.Faults;

namespace WebInfra.Monitoring.Sampling;

/// <summary>One round of polling every component, taken together so that rates compare like with like.</summary>
/// <param name="Elapsed">Monotonic time since the sampler started; rates divide by the difference of two rounds'.</param>
/// <param name="At">Wall-clock time of the round, for the charts and the event log.</param>
/// <param name="Scrapes">Every polled component's scrape, by component name.</param>
/// <param name="Database">The database cluster as the monitor sees it; null when no monitor runs in this process.</param>
/// <param name="Faults">The faults the CLI set on the site's network (<c>faults.json</c>); null when not read.</param>
/// <param name="Vips">Each VIP and its balancers' VRRP states, as the balancers export them; empty when the site has none.</param>
/// <param name="NameServers">Each DNS server (<c>dns</c> component) by name: whether it answered for the zone this round.</param>
internal sealed record SampleRound(
    TimeSpan Elapsed,
    DateTimeOffset At,
    IReadOnlyDictionary<string, ComponentScrape> Scrapes,
    DatabaseClusterView? Database,
    SiteFaults? Faults = null,
    IReadOnlyList<VipView>? Vips = null,
    IReadOnlyDictionary<string, bool>? NameServers = null);

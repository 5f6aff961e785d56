using System.Text.Json.Serialization;
using WebInfra.Topology.Faults;

namespace WebInfra.Monitoring.Dashboard;

/// <summary>The site's picture after one round of polling: every component, every arrow, the database.</summary>
/// <param name="At">When the round was taken.</param>
/// <param name="Components">Every component, in topology order.</param>
/// <param name="Edges">Every arrow: forwarders to their members, applications to database nodes, the monitor to database nodes.</param>
/// <param name="Database">The database cluster; null when no monitor runs in this process.</param>
/// <param name="Faults">The faults set on the network, for the event log only; null when not read.</param>
internal sealed record DashboardFrame(DateTimeOffset At, IReadOnlyList<ComponentView> Components, IReadOnlyList<EdgeView> Edges, DatabaseClusterView? Database, [property: JsonIgnore] SiteFaults? Faults = null);

using System.Globalization;
using WebInfra.Topology.Model;

namespace WebInfra.Monitoring.Diagrams;

/// <summary>
/// A topology as a Mermaid <c>flowchart LR</c>, so the design can be reviewed (and pasted into a README or an issue)
/// from the file itself rather than from a hand-drawn picture that drifts: the client, balancers, web and application
/// servers and database nodes, grouped by server, with each backend's algorithm, backups dashed, replication and the
/// monitor's checks.
/// </summary>
public static class FlowchartDiagram
{
    private const string Client = "client";

    /// <summary>The diagram's text, one statement a line, ending with a newline.</summary>
    public static string Create(Topology.Model.Topology topology)
    {
        ArgumentNullException.ThrowIfNull(topology);
        var text = new MermaidText();
        var lines = new List<string> { "flowchart LR", $"    {Client}([{MermaidText.Quote(Client)}])" };
        foreach (var server in topology.Servers)
        {
            lines.Add($"    subgraph {text.Id("s_", server.Name)}[{MermaidText.Quote($"{server.Name} {server.Address}")}]");
            lines.AddRange(server.Components.Select(c => $"        {text.Id("n_", c.Name)}{Shape(c)}"));
            lines.Add("    end");
        }

        string Node(Component component) => text.Id("n_", component.Name);
        foreach (var entry in topology.Components.Where(c => c.Kind == ComponentKind.Balancer).DefaultIfEmpty(topology.EntryPoint!))
        {
            lines.Add($"    {Client} -->|{MermaidText.Quote($"HTTP {topology.Site.Name}:{entry.Port}")}| {Node(entry)}");
        }

        foreach (var forwarder in topology.Components)
        {
            if (topology.FindBackend(forwarder.Backend) is not { } backend)
            {
                continue;
            }

            foreach (var (member, component) in topology.ResolveMembers(backend))
            {
                var label = backend.Algorithm
                    + (member.Weight == BackendMember.DefaultWeight ? string.Empty : string.Create(CultureInfo.InvariantCulture, $", weight {member.Weight}"))
                    + (member.Backup ? ", backup" : string.Empty);
                lines.Add($"    {Node(forwarder)} {(member.Backup ? "-.->" : "-->")}|{MermaidText.Quote(label)}| {Node(component)}");
            }
        }

        var replicas = topology.Replicas.ToList();
        foreach (var app in topology.Components.Where(c => c.Kind == ComponentKind.App))
        {
            if (topology.Primary is { } primary)
            {
                lines.Add($"    {Node(app)} -->|{MermaidText.Quote(replicas.Count == 0 ? "reads, writes" : "writes")}| {Node(primary)}");
            }

            lines.AddRange(replicas.Select(r => $"    {Node(app)} -->|{MermaidText.Quote("reads")}| {Node(r)}"));
        }

        if (topology.Primary is { } source)
        {
            var mode = topology.EffectiveReplication == ReplicationMode.SemiSync ? "semi-sync" : "async";
            lines.AddRange(replicas.Select(r => $"    {Node(source)} ==>|{MermaidText.Quote(mode)}| {Node(r)}"));
        }

        var checks = MermaidText.Quote($"checks every {Duration(topology.Database.Failover.Interval)}");
        var members = topology.EtcdMembers.ToList();
        foreach (var monitor in topology.Monitors)
        {
            lines.AddRange(topology.DatabaseNodes.Select(db => $"    {Node(monitor)} -.->|{checks}| {Node(db)}"));

            // Each monitor campaigns through etcd: drawn to the member on its own server, else to the first.
            if ((members.FirstOrDefault(m => m.ServerName == monitor.ServerName) ?? members.FirstOrDefault()) is { } member)
            {
                lines.Add($"    {Node(monitor)} -.->|{MermaidText.Quote("elects the leader")}| {Node(member)}");
            }
        }

        return MermaidText.Lines(lines);
    }

    /// <summary>The node's shape and label: a cylinder for a database node, a hexagon for the monitor, a box otherwise.</summary>
    private static string Shape(Component component)
    {
        var label = MermaidText.Label(component);
        return component.Kind switch
        {
            ComponentKind.Database => $"[({MermaidText.Quote(label)})]",
            ComponentKind.Monitor => $"{{{{{MermaidText.Quote(label)}}}}}",
            _ => $"[{MermaidText.Quote(label)}]",
        };
    }

    /// <summary>A duration as the topology file would write it: <c>500 ms</c>, <c>2 s</c>.</summary>
    internal static string Duration(TimeSpan duration) => duration.TotalMilliseconds % 1000 == 0
        ? string.Create(CultureInfo.InvariantCulture, $"{duration.TotalSeconds:0} s")
        : string.Create(CultureInfo.InvariantCulture, $"{duration.TotalMilliseconds:0} ms");
}

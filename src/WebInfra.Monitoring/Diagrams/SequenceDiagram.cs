using WebInfra.Topology.Model;

namespace WebInfra.Monitoring.Diagrams;

/// <summary>
/// One request's path through a topology as a Mermaid <c>sequenceDiagram</c>, with the topology's own names and
/// addresses: the client asks DNS for the site, then a static file is answered by a web server, a read goes through
/// an application server to a replica, and a write to the primary, which (semi-sync) returns only once a replica has
/// acknowledged it. It shows the first member of each backend; the others take turns.
/// </summary>
public static class SequenceDiagram
{
    /// <summary>The diagram's text, one statement a line, ending with a newline.</summary>
    public static string Create(Topology.Model.Topology topology)
    {
        ArgumentNullException.ThrowIfNull(topology);
        var balancer = topology.Components.FirstOrDefault(c => c.Kind == ComponentKind.Balancer);
        var web = balancer is null ? topology.EntryPoint! : FirstMember(topology, balancer) ?? topology.EntryPoint!;
        var app = FirstMember(topology, web);
        var primary = topology.Primary;
        var replica = topology.Replicas.FirstOrDefault();
        var front = balancer ?? web;

        var lines = new List<string> { "sequenceDiagram", "    participant Client as client", "    participant DNS" };
        void Participant(string id, Component? component)
        {
            if (component is not null)
            {
                lines.Add($"    participant {id} as {MermaidText.Plain(MermaidText.Label(component))}");
            }
        }

        Participant("Balancer", balancer);
        Participant("Web", web);
        Participant("App", app);
        Participant("Primary", primary);
        Participant("Replica", replica);

        lines.Add($"    Client->>DNS: {MermaidText.Plain($"address of {topology.Site.Name}?")}");
        lines.Add($"    DNS-->>Client: {front.Address}");

        // Each request goes down the chain of forwarders and its response comes back up the same way.
        var hops = new List<(string Id, Component Component)>();
        if (balancer is not null)
        {
            hops.Add(("Balancer", balancer));
        }

        hops.Add(("Web", web));
        void Exchange(string request, IReadOnlyList<(string Id, Component Component)> path, Action atTheEnd, string response)
        {
            var from = "Client";
            foreach (var (id, component) in path)
            {
                var via = from == "Client" ? string.Empty : $" ({Via(topology, component)})";
                lines.Add($"    {from}->>{id}: {MermaidText.Plain(request + via)}");
                from = id;
            }

            atTheEnd();
            for (var i = path.Count - 1; i >= 0; i--)
            {
                lines.Add($"    {path[i].Id}-->>{(i == 0 ? "Client" : path[i - 1].Id)}: {MermaidText.Plain(response)}");
            }
        }

        lines.Add("    Note over Client,Web: a static file, answered by the web server");
        Exchange($"GET {SampleFile(topology.Site)}", hops, () => lines.Add("    Note over Web: read from the site's files"), "200 OK");
        if (app is null)
        {
            return MermaidText.Lines(lines);
        }

        hops.Add(("App", app));
        var reader = replica is null ? "Primary" : "Replica";
        lines.Add($"    Note over Client,{(primary is null ? "App" : reader)}: a read, answered by {(replica is null ? "the primary (no replica)" : "a replica")}");
        Exchange("GET /api/posts/1", hops, () =>
        {
            if (primary is not null)
            {
                lines.Add($"    App->>{reader}: SELECT the post");
                lines.Add($"    {reader}-->>App: the post");
            }
        }, "200 OK, the post as JSON");

        var semiSync = replica is not null && topology.EffectiveReplication == ReplicationMode.SemiSync;
        lines.Add($"    Note over Client,{(primary is null ? "App" : replica is null ? "Primary" : "Replica")}: a write, committed on the primary"
            + (replica is null ? string.Empty : semiSync ? ", acknowledged once a replica has it (semi-sync)" : ", replicated after it returns (async)"));
        Exchange("POST /api/posts", hops, () =>
        {
            if (primary is null)
            {
                return;
            }

            lines.Add("    App->>Primary: INSERT the post, COMMIT");
            if (semiSync)
            {
                lines.Add("    Primary->>Replica: the transaction (binary log)");
                lines.Add("    Replica-->>Primary: ACK: in the relay log");
            }

            lines.Add("    Primary-->>App: committed, with its GTID");
            if (replica is not null && !semiSync)
            {
                lines.Add("    Primary-)Replica: the transaction (binary log), after the commit returned");
            }
        }, "201 Created");
        return MermaidText.Lines(lines);
    }

    /// <summary>The first active member of the backend <paramref name="forwarder"/> forwards to.</summary>
    private static Component? FirstMember(Topology.Model.Topology topology, Component forwarder) =>
        topology.FindBackend(forwarder.Backend) is { } backend
            ? topology.ResolveMembers(backend).Where(m => !m.Member.Backup).Select(m => m.Component).FirstOrDefault()
            : null;

    /// <summary>How a forwarder reached <paramref name="member"/>: the backend and its algorithm.</summary>
    private static string Via(Topology.Model.Topology topology, Component member)
    {
        var backend = topology.Backends.First(b => b.Members.Any(m => string.Equals(m.ComponentName, member.Name, StringComparison.Ordinal)));
        return $"backend {backend.Name}, {backend.Algorithm}";
    }

    /// <summary>
    /// A file the site really serves: the first in its folder by name, leaving out dot files as the web server does
    /// (<c>/index.html</c> when there is none).
    /// </summary>
    internal static string SampleFile(SiteSettings site)
    {
        ArgumentNullException.ThrowIfNull(site);
        IEnumerable<string> files = Directory.Exists(site.FilesDirectory)
            ? Directory.EnumerateFiles(site.FilesDirectory, "*", SearchOption.AllDirectories)
                .Select(f => "/" + Path.GetRelativePath(site.FilesDirectory, f).Replace(Path.DirectorySeparatorChar, '/'))
                .Where(f => !f.Contains("/.", StringComparison.Ordinal))
                .Order(StringComparer.Ordinal)
            : [];
        return files.FirstOrDefault() ?? "/index.html";
    }
}

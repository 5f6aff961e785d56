using WebInfra.Topology.Model;

namespace WebInfra.Monitoring.Doctor;

/// <summary>
/// A server running a web server, an application server and a database node: one host failure takes out a member
/// of three tiers at once, and the three compete for its CPU, memory and disk (MariaDB's buffer pool against the
/// application's heap). <see cref="DatabaseBesideAppRule"/> covers a database node beside only an application server.
/// </summary>
internal sealed class CrowdedServerRule : IDoctorRule
{
    public string Name => DoctorRules.CrowdedServer;

    public void Examine(DoctorContext context, ICollection<Finding> findings)
    {
        var topology = context.Topology;
        var proposed = new List<string>();
        foreach (var server in topology.Servers.Where(IsCrowded))
        {
            // One new server for each crowded server's database node: db-1, db-2...
            proposed.Add(context.NewServerName("db-0", proposed));
            var database = server.Components.First(c => c.Kind == ComponentKind.Database);
            findings.Add(new Finding(Name, FindingSeverity.Warning, server.Name, server.Location,
                $"{server.Name} runs {string.Join(", ", server.Components.Select(c => c.Name))}: one host failure takes out several tiers at once, and they compete for its CPU, memory and disk",
                $"move '{database.Name}' to a server of its own (and take 'db' out of {server.Name})",
                context.NewServer(proposed[^1], server.Address, DoctorContext.ComponentLine(ComponentKind.Database, database.Port, role: database.Role))));
        }
    }

    /// <summary>True for a server running a web server, an application server and a database node.</summary>
    internal static bool IsCrowded(Server server) =>
        new[] { ComponentKind.Web, ComponentKind.App, ComponentKind.Database }.All(kind => server.Components.Any(c => c.Kind == kind));
}

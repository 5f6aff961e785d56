using WebInfra.Topology.Model;

namespace WebInfra.Monitoring.Doctor;

/// <summary>
/// A database node beside an application server: a common, cheap layout, but the two compete for memory and a host
/// failure takes out both. A server that also runs a web server is <see cref="CrowdedServerRule"/>'s, not reported twice.
/// </summary>
internal sealed class DatabaseBesideAppRule : IDoctorRule
{
    public string Name => DoctorRules.DatabaseBesideApp;

    public void Examine(DoctorContext context, ICollection<Finding> findings)
    {
        var topology = context.Topology;
        foreach (var server in topology.Servers.Where(s => !CrowdedServerRule.IsCrowded(s)))
        {
            var database = server.Components.FirstOrDefault(c => c.Kind == ComponentKind.Database);
            var app = server.Components.FirstOrDefault(c => c.Kind == ComponentKind.App);
            if (database is null || app is null)
            {
                continue;
            }

            findings.Add(new Finding(Name, FindingSeverity.Info, database.Name, database.Location,
                $"'{database.Name}' shares {server.Name} with '{app.Name}': they compete for memory, and a host failure takes out both",
                "fine for a small site; give the database node a server of its own when it needs the memory"));
        }
    }
}

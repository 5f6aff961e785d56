namespace WebInfra.Monitoring.Doctor;

/// <summary>
/// Database nodes on more than one server replicate over the network, and the application reaches at least one of them
/// across it: without <c>database.tls</c>, the replication account's password, the application's and every row cross
/// it in clear text. The rule names the setting that makes every node require TLS verified against the internal CA.
/// </summary>
internal sealed class PlainDatabaseTrafficRule : IDoctorRule
{
    public string Name => DoctorRules.PlainDatabaseTraffic;

    public void Examine(DoctorContext context, ICollection<Finding> findings)
    {
        var topology = context.Topology;
        var nodes = topology.DatabaseNodes.ToList();
        var servers = nodes.Select(n => n.ServerName).Distinct(StringComparer.Ordinal).ToList();
        if (servers.Count < 2 || topology.Database.Tls)
        {
            return;
        }

        findings.Add(new Finding(Name, FindingSeverity.Warning, "database", nodes[0].Location,
            $"the database nodes on {string.Join(" and ", servers.Select(s => $"'{s}'"))} talk over the network without TLS: passwords and rows cross the network in clear (replication, and the application's queries)",
            "turn on 'database.tls': every node serves TLS with its server's certificate from the internal CA and refuses connections without it; the application, the monitor and replication verify that certificate",
            "database:\n  tls: true"));
    }
}

using WebInfra.Topology.Model;

namespace WebInfra.Monitoring.Doctor;

/// <summary>
/// Asynchronous replication, written (<c>replication: async</c>) or forced by a single node (see
/// <see cref="Topology.Model.Topology.EffectiveReplication"/>): the primary acknowledges a write before any replica has it, so a
/// failover can lose acknowledged writes.
/// </summary>
internal sealed class AsyncReplicationRule : IDoctorRule
{
    public string Name => DoctorRules.AsyncReplication;

    public void Examine(DoctorContext context, ICollection<Finding> findings)
    {
        var topology = context.Topology;
        if (topology.Primary is not { } primary || topology.EffectiveReplication != ReplicationMode.Async)
        {
            return;
        }

        findings.Add(topology.Replicas.Any()
            ? new Finding(Name, FindingSeverity.Warning, "database", primary.Location,
                $"replication is asynchronous: '{primary.Name}' acknowledges a write before any replica has it, so a failover loses the writes no replica had received",
                "replicate semi-synchronously (the default): a commit is acknowledged once a replica has it",
                "database:\n  replication: semisync")
            : new Finding(Name, FindingSeverity.Warning, "database", primary.Location,
                $"'{primary.Name}' is the only database node, so it runs asynchronously: every acknowledged write exists on one host only, and is lost with its disk",
                "add a replica on another server; with one, replication is semi-synchronous (the default) and no acknowledged write is lost at a failover",
                "database:\n  replication: semisync   # the default; it takes effect once there is a replica"));
    }
}

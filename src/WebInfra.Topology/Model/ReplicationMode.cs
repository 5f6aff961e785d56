namespace WebInfra.Topology.Model;

/// <summary>How the primary ships writes to replicas.</summary>
public enum ReplicationMode
{
    /// <summary>The primary acknowledges a commit without waiting for a replica; a crash of the primary can lose the newest writes.</summary>
    Async,
}

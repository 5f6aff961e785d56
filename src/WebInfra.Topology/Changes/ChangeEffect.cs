namespace WebInfra.Topology.Changes;

/// <summary>How a reload carries out one change of the topology, or why it does not.</summary>
public enum ChangeEffect
{
    /// <summary>Applied in the running processes: no process starts or stops, no connection is refused.</summary>
    Live,

    /// <summary>A component starts, tier by tier, healthy before its forwarders send it requests.</summary>
    Start,

    /// <summary>A component is drained in every forwarder, taken out of their configuration, then stopped.</summary>
    Stop,

    /// <summary>Not applied: the whole reload is refused, and <see cref="TopologyChange.Reason"/> says why.</summary>
    Refused,
}

namespace WebInfra.Monitoring.Sampling;

/// <summary>The member states of <c>GET /backend</c> (HAProxy's stats words) the dashboard acts on; the others are UP and BACKUP.</summary>
internal static class MemberStates
{
    /// <summary>Taken out by failed probes or failed requests.</summary>
    public const string Down = "DOWN";

    /// <summary>Drained by an operator: no new requests.</summary>
    public const string Drain = "DRAIN";
}

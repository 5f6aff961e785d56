namespace WebInfra.Database.Failover;

/// <summary>What the leading monitor does at one check to bring a degraded primary back to semi-sync (<see cref="SemiSyncRestore"/>).</summary>
internal enum SemiSyncRestoreAction
{
    /// <summary>Nothing yet: no replica is connected, or semi-sync has not been seen on long enough.</summary>
    Wait,

    /// <summary>Switch the master side of semi-sync on, then make the connected replicas connect again so they acknowledge.</summary>
    Enable,

    /// <summary>Semi-sync is on but no replica acknowledges: make the connected replicas connect again.</summary>
    Reconnect,

    /// <summary>A replica holds everything the primary wrote before semi-sync was back: clear the degraded record.</summary>
    Clear,
}

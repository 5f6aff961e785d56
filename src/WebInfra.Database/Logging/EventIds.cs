namespace WebInfra.Database.Logging;

/// <summary>
/// Event IDs of WebInfra.Database. The project owns 5000-5099 (Failover has 5100-5199).
/// Provisioning uses 5000-5009, readiness 5010-5019, schema 5020-5029, replication 5030-5039.
/// </summary>
internal static class EventIds
{
    public const int DataDirectoryInitializing = 5000;
    public const int DataDirectoryInitialized = 5001;
    public const int InitFileWritten = 5002;

    public const int NodeReady = 5010;

    public const int SchemaEnsured = 5020;

    public const int ReplicationAlreadyRunning = 5030;
    public const int ReplicationConfigured = 5031;
    public const int ReplicationRunning = 5032;

    // Highest ID in use is 5032. New replication IDs continue at 5033; new areas start at 5040.
}

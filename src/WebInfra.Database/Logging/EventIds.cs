namespace WebInfra.Database.Logging;

/// <summary>
/// Event IDs of WebInfra.Database. The project owns 5000-5099 (Failover has 5100-5199).
/// Provisioning uses 5000-5009, readiness 5010-5019, schema 5020-5029, replication 5030-5039, monitoring 5040-5049,
/// cloning a new replica 5050-5069, errant transactions 5070-5079;
/// failover 5100-5119, fencing and rejoin 5120-5129, switchover 5130-5139.
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
    public const int MadeWritable = 5033;

    public const int MonitorStarted = 5040;
    public const int CheckRoundFailed = 5041;

    public const int Cloning = 5050;
    public const int Cloned = 5051;
    public const int ReplicationFromClone = 5052;

    public const int ErrantFound = 5070;
    public const int ErrantGone = 5071;

    public const int PrimaryFound = 5100;
    public const int PrimaryCheckFailed = 5101;
    public const int PrimaryRecovered = 5102;
    public const int CandidateUnreachable = 5103;
    public const int NoCandidate = 5104;
    public const int CandidateNotApplied = 5105;
    public const int Promoted = 5106;
    public const int Repointed = 5107;
    public const int RepointFailed = 5108;
    public const int Reopened = 5109;
    public const int NotRecorded = 5110;
    public const int FailoverHeld = 5111;
    public const int WaitingOutLease = 5112;
    public const int PrimaryBehind = 5113;

    public const int FenceNotInstalled = 5140;
    public const int LeaseNotRenewed = 5141;
    public const int Degraded = 5142;
    public const int Restored = 5143;
    public const int SemiSyncNotChanged = 5144;
    public const int SemiSyncEnabledAgain = 5145;
    public const int ReopenedAfterLease = 5146;

    public const int Fenced = 5120;
    public const int Rejoined = 5121;
    public const int KeptOut = 5122;
    public const int RejoinFailed = 5123;

    public const int SwitchedOver = 5130;

    public const int LeaderElected = 5060;
    public const int LeadershipLost = 5061;
    public const int LeaderResigned = 5062;
    public const int EtcdUnreachable = 5063;
    public const int PrimaryRecordedInEtcd = 5064;
    public const int FollowingLeader = 5065;
    public const int NowLeading = 5066;

    // Highest IDs in use: 5033 (replication), 5041 (monitoring), 5052 (cloning), 5066 (leadership), 5071 (errant transactions), 5112 (failover), 5123 (rejoin), 5130 (switchover), 5144 (lease and semi-sync).
}

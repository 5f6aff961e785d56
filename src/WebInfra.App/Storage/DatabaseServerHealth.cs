namespace WebInfra.App.Storage;

/// <summary>Whether a database server answered the app the last time it was asked.</summary>
internal enum DatabaseServerHealth
{
    /// <summary>The last connection or query succeeded (or none has been tried yet); the server takes queries.</summary>
    Reachable,

    /// <summary>
    /// A connection or query failed because the server could not be reached. A replica is skipped until its
    /// retry time; the primary is still tried, since nothing can stand in for it.
    /// </summary>
    Unreachable,
}

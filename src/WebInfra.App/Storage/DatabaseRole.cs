namespace WebInfra.App.Storage;

/// <summary>What the app uses a database server for. It decides where a query may go and names the server in logs.</summary>
internal enum DatabaseRole
{
    /// <summary>Takes every write, and reads when no replica can.</summary>
    Primary,

    /// <summary>Serves reads only; it may lag the primary by a little.</summary>
    Replica,
}

namespace WebInfra.App;

/// <summary>
/// Where the message board keeps its posts and what it calls itself. The host fills this in from the
/// topology through <see cref="MessageBoardServiceCollectionExtensions.AddMessageBoard"/>; it is validated
/// once at start-up, so a missing connection string stops the process before it takes traffic instead of
/// failing the first request.
/// </summary>
public sealed class MessageBoardOptions
{
    /// <summary>
    /// Required. The connection string of the primary database. Every write goes here, and so does every read
    /// when <see cref="ReplicaConnectionStrings"/> is empty or no replica answers.
    /// </summary>
    public string PrimaryConnectionString { get; set; } = string.Empty;

    /// <summary>
    /// Connection strings of the read replicas, used round robin for reads so that the primary keeps its
    /// capacity for writes. May be empty, and then reads use the primary. Give each a short
    /// <c>Connection Timeout</c>: a replica that does not answer delays a read by that long before it falls
    /// back to the primary.
    /// </summary>
    public IReadOnlyList<string> ReplicaConnectionStrings { get; set; } = [];

    /// <summary>Required. The site's host name, for example <c>www.foobar.com</c>, shown in the page title and header.</summary>
    public string SiteName { get; set; } = string.Empty;
}

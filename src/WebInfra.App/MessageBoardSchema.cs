namespace WebInfra.App;

/// <summary>
/// The tables the message board needs. The app's database user may only read and write rows, so the
/// database manager runs these statements on the primary when it provisions the database; replicas get
/// them through replication. Every statement is idempotent and safe to run on each start.
/// </summary>
public static class MessageBoardSchema
{
    /// <summary>
    /// The DDL, in the order it must run. Posts are listed newest first by <c>id</c>, the primary key, so no
    /// other index is needed. The app inserts <c>created_at</c> as <c>UTC_TIMESTAMP(6)</c>, because the
    /// column default follows the session's time zone; either way the database's clock sets it.
    /// </summary>
    public static IReadOnlyList<string> Statements { get; } = Array.AsReadOnly(
    [
        """
        CREATE TABLE IF NOT EXISTS posts (
            id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
            author VARCHAR(64) NOT NULL,
            body VARCHAR(2000) NOT NULL,
            created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)
        ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4
        """,
    ]);
}

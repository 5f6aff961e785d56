using System.Data.Common;
using System.Globalization;

namespace WebInfra.Database.Replication;

/// <summary>
/// The columns of <c>SHOW SLAVE STATUS</c> that WebInfra reads, by name (their positions differ
/// between MariaDB versions). Keeps error numbers, which tell a stopped thread from a failed one.
/// </summary>
internal sealed record SlaveStatusRow(
    string MasterHost,
    int MasterPort,
    string IoState,
    string SqlState,
    long? SecondsBehindMaster,
    string GtidIoPos,
    int LastIoErrno,
    string LastIoError,
    int LastSqlErrno,
    string LastSqlError)
{
    public bool IoRunning => IoState == "Yes";

    public bool SqlRunning => SqlState == "Yes";

    /// <summary>The IO thread gave up after an error; with <c>MASTER_CONNECT_RETRY</c> it only does so on fatal errors.</summary>
    public bool IoFailed => IoState == "No" && LastIoErrno != 0;

    /// <summary>The SQL thread stopped on an event it cannot apply; it will not resume by itself.</summary>
    public bool SqlFailed => !SqlRunning && LastSqlErrno != 0;

    public string? LastError
    {
        get
        {
            var errors = new List<string>(2);
            if (LastIoErrno != 0)
            {
                errors.Add(string.Create(CultureInfo.InvariantCulture, $"Last_IO_Error {LastIoErrno}: {LastIoError}"));
            }

            if (LastSqlErrno != 0)
            {
                errors.Add(string.Create(CultureInfo.InvariantCulture, $"Last_SQL_Error {LastSqlErrno}: {LastSqlError}"));
            }

            return errors.Count == 0 ? null : string.Join("; ", errors);
        }
    }

    public static SlaveStatusRow Read(DbDataReader reader) => new(
        Text(reader, "Master_Host"),
        Convert.ToInt32(reader["Master_Port"], CultureInfo.InvariantCulture),
        Text(reader, "Slave_IO_Running"),
        Text(reader, "Slave_SQL_Running"),
        reader["Seconds_Behind_Master"] is DBNull ? null : Convert.ToInt64(reader["Seconds_Behind_Master"], CultureInfo.InvariantCulture),
        Text(reader, "Gtid_IO_Pos"),
        Convert.ToInt32(reader["Last_IO_Errno"], CultureInfo.InvariantCulture),
        Text(reader, "Last_IO_Error"),
        Convert.ToInt32(reader["Last_SQL_Errno"], CultureInfo.InvariantCulture),
        Text(reader, "Last_SQL_Error"));

    public ReplicationStatus ToStatus() => new(IoRunning, SqlRunning, SecondsBehindMaster, GtidIoPos, LastError)
    {
        MasterHost = MasterHost,
        MasterPort = MasterPort,
        IoConnecting = IoState == "Connecting",
    };

    public string Describe() =>
        $"Slave_IO_Running={IoState}, Slave_SQL_Running={SqlState}, {LastError ?? "no error reported"}";

    private static string Text(DbDataReader reader, string column) => reader[column] is string text ? text : string.Empty;
}

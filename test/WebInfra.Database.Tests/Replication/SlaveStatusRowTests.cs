using WebInfra.Database.Replication;

namespace WebInfra.Database.Tests.Replication;

public class SlaveStatusRowTests
{
    private static SlaveStatusRow Row(string io, string sql, int ioErrno = 0, int sqlErrno = 0) =>
        new("127.0.1.1", 3306, io, sql, io == "Yes" && sql == "Yes" ? 0 : null, "0-1-5",
            ioErrno, ioErrno == 0 ? string.Empty : "error connecting to master", sqlErrno, sqlErrno == 0 ? string.Empty : "Duplicate entry");

    [Fact]
    public void Running_replica_reports_both_threads_and_no_error()
    {
        var status = Row("Yes", "Yes").ToStatus();

        Assert.Equal(new ReplicationStatus(true, true, 0, "0-1-5", null) { MasterHost = "127.0.1.1", MasterPort = 3306, IoConnecting = false }, status);
    }

    [Fact]
    public void Reconnecting_io_thread_is_not_a_failure()
    {
        var row = Row("Connecting", "Yes", ioErrno: 2003);

        Assert.False(row.IoFailed);
        Assert.True(row.ToStatus().IoConnecting);
        Assert.Equal("Last_IO_Error 2003: error connecting to master", row.LastError);
    }

    [Fact]
    public void Io_thread_that_gave_up_with_an_error_has_failed()
    {
        Assert.True(Row("No", "Yes", ioErrno: 1236).IoFailed);
        Assert.False(Row("No", "Yes").IoFailed);
    }

    [Fact]
    public void Sql_thread_stopped_by_an_error_has_failed_and_both_errors_are_reported()
    {
        var row = Row("Connecting", "No", ioErrno: 2003, sqlErrno: 1062);

        Assert.True(row.SqlFailed);
        Assert.Equal("Last_IO_Error 2003: error connecting to master; Last_SQL_Error 1062: Duplicate entry", row.ToStatus().LastError);
    }
}

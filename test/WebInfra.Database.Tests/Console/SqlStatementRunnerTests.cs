using MySqlConnector;
using WebInfra.Database.Console;

namespace WebInfra.Database.Tests.Console;

public class SqlStatementRunnerTests
{
    [Fact]
    public void Null_is_rendered_as_null()
    {
        Assert.Null(SqlStatementRunner.Render(DBNull.Value, "INT"));
    }

    [Fact]
    public void Numbers_are_rendered_without_culture()
    {
        Assert.Equal("1234.5", SqlStatementRunner.Render(1234.5m, "DECIMAL"));
        Assert.Equal("-7", SqlStatementRunner.Render(-7L, "BIGINT"));
    }

    [Fact]
    public void Dates_and_times_are_rendered_as_MariaDB_prints_them()
    {
        Assert.Equal("2025-03-01", SqlStatementRunner.Render(new MySqlDateTime(2025, 3, 1, 0, 0, 0, 0), "DATE"));
        Assert.Equal("2025-03-01 00:00:00", SqlStatementRunner.Render(new MySqlDateTime(2025, 3, 1, 0, 0, 0, 0), "DATETIME"));
        Assert.Equal("2025-03-01 13:04:05.250000", SqlStatementRunner.Render(new MySqlDateTime(2025, 3, 1, 13, 4, 5, 250_000), "DATETIME"));
        Assert.Equal("838:59:59", SqlStatementRunner.Render(new TimeSpan(838, 59, 59), "TIME"));
        Assert.Equal("-01:30:00", SqlStatementRunner.Render(TimeSpan.FromMinutes(-90), "TIME"));
    }

    [Fact]
    public void Zero_dates_are_shown_rather_than_refused()
    {
        Assert.Equal("0000-00-00 00:00:00", SqlStatementRunner.Render(new MySqlDateTime(), "DATETIME"));
    }

    [Fact]
    public void Binary_values_are_rendered_as_hex()
    {
        Assert.Equal("0x00FF", SqlStatementRunner.Render(new byte[] { 0, 255 }, "VARBINARY"));
    }
}

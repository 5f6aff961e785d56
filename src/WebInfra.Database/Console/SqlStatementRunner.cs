using System.Globalization;
using MySqlConnector;
using WebInfra.Database.Connections;
using WebInfra.Database.Provisioning;

namespace WebInfra.Database.Console;

/// <summary>
/// Runs SQL typed by an operator against one node as the administrator, for the CLI's SQL console.
/// Values come back as text in MariaDB's own notation (numbers not booleans, dates as
/// <c>yyyy-MM-dd HH:mm:ss</c>, zero dates kept), so the console shows what the mariadb client would.
/// SQL errors are not caught: the caller prints the <see cref="MySqlException"/>.
/// </summary>
public sealed class SqlStatementRunner
{
    private readonly DatabaseSecrets _secrets;

    /// <summary>Creates a runner that acts as the administrator of <paramref name="secrets"/>.</summary>
    /// <param name="secrets">The installation's accounts.</param>
    public SqlStatementRunner(DatabaseSecrets secrets)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        _secrets = secrets;
    }

    /// <summary>Runs <paramref name="sql"/> on <paramref name="node"/> with no default database.</summary>
    /// <param name="node">The node to run on.</param>
    /// <param name="sql">One or more statements separated by semicolons.</param>
    /// <param name="cancellationToken">Cancels the statement on the server.</param>
    /// <returns>The first result set's columns and rows and the total of rows changed.</returns>
    /// <exception cref="MySqlException">The server rejected a statement or could not be reached.</exception>
    public Task<SqlResult> ExecuteAsync(DatabaseNode node, string sql, CancellationToken cancellationToken) =>
        ExecuteAsync(node, database: null, sql, cancellationToken);

    /// <summary>Runs <paramref name="sql"/> on <paramref name="node"/> in <paramref name="database"/>.</summary>
    /// <param name="node">The node to run on.</param>
    /// <param name="database">The default database for unqualified table names, or null for none.</param>
    /// <param name="sql">One or more statements separated by semicolons.</param>
    /// <param name="cancellationToken">Cancels the statement on the server.</param>
    /// <returns>The first result set's columns and rows and the total of rows changed.</returns>
    /// <exception cref="MySqlException">The server rejected a statement or could not be reached.</exception>
    public async Task<SqlResult> ExecuteAsync(DatabaseNode node, string? database, string sql, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(sql);
        var builder = DatabaseConnectionStrings.ForAdmin(node, _secrets, database);

        // Show what is stored: TINYINT(1) as a number, CHAR(36) as text, zero dates instead of an error.
        builder.TreatTinyAsBoolean = false;
        builder.GuidFormat = MySqlGuidFormat.None;
        builder.AllowZeroDateTime = true;

        await using var connection = new MySqlConnection(builder.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new MySqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);

        string[] columns = [];
        var rows = new List<IReadOnlyList<string?>>();
        var haveResultSet = false;
        do
        {
            if (haveResultSet || reader.FieldCount == 0)
            {
                continue;
            }

            haveResultSet = true;
            columns = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToArray();
            while (await reader.ReadAsync(cancellationToken))
            {
                var row = new string?[reader.FieldCount];
                for (var i = 0; i < row.Length; i++)
                {
                    row[i] = Render(reader.GetValue(i), reader.GetDataTypeName(i));
                }

                rows.Add(row);
            }
        }
        while (await reader.NextResultAsync(cancellationToken));

        return new SqlResult(columns, rows, reader.RecordsAffected);
    }

    internal static string? Render(object value, string dataTypeName) => value switch
    {
        DBNull => null,
        string text => text,
        byte[] bytes => "0x" + Convert.ToHexString(bytes),
        MySqlDateTime dateTime => RenderDateTime(dateTime, dataTypeName),
        TimeSpan time => RenderTime(time),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };

    // With AllowZeroDateTime every DATE, DATETIME and TIMESTAMP arrives as MySqlDateTime, zero dates included.
    private static string RenderDateTime(MySqlDateTime value, string dataTypeName)
    {
        var date = string.Create(CultureInfo.InvariantCulture, $"{value.Year:0000}-{value.Month:00}-{value.Day:00}");
        if (dataTypeName == "DATE")
        {
            return date;
        }

        var time = string.Create(CultureInfo.InvariantCulture, $"{date} {value.Hour:00}:{value.Minute:00}:{value.Second:00}");
        return value.Microsecond == 0 ? time : string.Create(CultureInfo.InvariantCulture, $"{time}.{value.Microsecond:000000}");
    }

    // TIME spans -838:59:59 to 838:59:59, beyond what TimeSpan's own formats print as hours.
    private static string RenderTime(TimeSpan time)
    {
        var magnitude = time.Duration();
        var fraction = magnitude.Ticks % TimeSpan.TicksPerSecond / (TimeSpan.TicksPerSecond / 1_000_000);
        return string.Create(CultureInfo.InvariantCulture,
            $"{(time < TimeSpan.Zero ? "-" : string.Empty)}{(long)magnitude.TotalHours:00}:{magnitude.Minutes:00}:{magnitude.Seconds:00}{(fraction == 0 ? string.Empty : $".{fraction:000000}")}");
    }
}

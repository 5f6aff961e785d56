using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using WebInfra.Cli.Supervision;
using WebInfra.Database.Console;

namespace WebInfra.Cli.Commands;

/// <summary><c>webinfra sql TARGET "SQL"</c>: run a statement on a database node as the administrator and print the result.</summary>
internal static class SqlCommand
{
    public static Command Create(IAnsiConsole console)
    {
        var target = CommonOptions.Target("A database node (server-1/db) or the server that runs it (server-1).");
        var sql = new Argument<string>("sql") { Description = "The statement, e.g. \"SELECT @@hostname, @@read_only\"." };
        var batch = new Option<bool>("--batch") { Description = "Print rows as tab-separated lines without a header, for scripts (as mariadb --batch --skip-column-names)." };
        var command = new Command("sql", "Run a SQL statement on a database node and print the result.") { target, sql, batch };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var (state, topology) = CliEnvironment.Running(parse);
            var component = CliEnvironment.ResolveDatabaseNode(topology, parse.GetValue(target)!);
            var cluster = new DatabaseCluster(topology, state);
            var result = await new SqlStatementRunner(cluster.Secrets).ExecuteAsync(cluster.NodeFor(component), parse.GetValue(sql)!, cancellationToken);
            if (parse.GetValue(batch))
            {
                foreach (var row in result.Rows)
                {
                    Console.Out.WriteLine(string.Join('\t', row.Select(v => v ?? "NULL")));
                }

                return 0;
            }

            if (result.Columns.Count == 0)
            {
                console.MarkupLineInterpolated($"{result.RecordsAffected} row(s) affected");
                return 0;
            }

            var table = new Table().Border(TableBorder.Rounded).AddColumns([.. result.Columns.Select(c => new TableColumn(Markup.Escape(c)))]);
            foreach (var row in result.Rows)
            {
                table.AddRow([.. row.Select(v => new Text(v ?? "NULL"))]);
            }

            console.Write(table);
            console.MarkupLine(string.Create(CultureInfo.InvariantCulture, $"{result.Rows.Count} row(s)"));
            return 0;
        });
        return command;
    }
}

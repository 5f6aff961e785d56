using System.CommandLine;
using MySqlConnector;
using Spectre.Console;
using WebInfra.Cli.Commands;
using WebInfra.Cli.Supervision;
using WebInfra.Database;
using WebInfra.Hosts;
using WebInfra.Topology.Loading;

var console = AnsiConsole.Console;
if (Console.IsOutputRedirected)
{
    console.Profile.Width = 160;
}

var root = new RootCommand("WebInfra: a distributed web infrastructure for one site, from one topology file.")
{
    UpCommand.Create(console),
    StatusCommand.Create(console),
    DownCommand.Create(console),
    KillCommand.Create(console),
    StartCommand.Create(console),
    RestartCommand.Create(console),
    DrainCommand.Create(console),
    DrainCommand.CreateUndrain(console),
    DeployCommand.Create(console),
    DeployCommand.CreateRollback(console),
    ReloadCommand.Create(console),
    ReloadCommand.CreateDiff(console),
    SqlCommand.Create(console),
    DbCommand.Create(console),
    LogsCommand.Create(console),
    DoctorCommand.Create(console),
    DiagramCommand.Create(),
    MonitoringCommand.Create(console),
    DashboardCommand.Create(console),
    SecretsCommand.Create(console),
    CertCommand.Create(console),
    FirewallCommand.Create(console),
    SystemdCommand.Create(console),
    DnsCommand.Create(),
    ExecCommand.Create(),
    PartitionCommand.Create(console),
    PartitionCommand.CreateHeal(console),
    SlowCommand.Create(console),
    ComponentCommand.Create(),
};
root.Options.Add(CommonOptions.StateDirectory);
root.Options.Add(CommonOptions.Verbose);

var parse = root.Parse(args);
if (parse.Errors.Count > 0)
{
    foreach (var error in parse.Errors)
    {
        Console.Error.WriteLine($"webinfra: {error.Message}");
    }

    Console.Error.WriteLine("Run 'webinfra --help' (or 'webinfra COMMAND --help') for usage.");
    return 2;
}

try
{
    // Exceptions are reported below, without a stack trace; each component host handles SIGTERM itself.
    return await parse.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null });
}
catch (Exception exception) when (exception is TopologyException or UsageException or SupervisorException or DatabaseNodeException or MySqlException or HostException)
{
    Console.Error.WriteLine($"webinfra: {exception.Message}");
    if (exception is UsageException { Hint: { } hint })
    {
        Console.Error.WriteLine($"  {hint}");
    }

    if (parse.GetValue(CommonOptions.Verbose))
    {
        Console.Error.WriteLine(exception);
    }

    return exception is TopologyException or UsageException ? 2 : 1;
}

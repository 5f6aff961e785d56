using WebInfra.Hosts;

namespace WebInfra.Cli.Supervision;

/// <summary>
/// Puts this tool where the site's servers are reached from before it talks to any of them: when the kind of host says
/// this process is not there (<see cref="IHostDriver.FromOperator"/>: servers in network namespaces are reached from
/// the operator's), the same command runs again from there and this process ends with its exit code. Every command
/// passes through here the same way, whatever the kind of host.
/// </summary>
internal static class OperatorReentry
{
    public static void Ensure(IHostDriver hosts)
    {
        ArgumentNullException.ThrowIfNull(hosts);
        if (hosts.FromOperator(SelfCommandLine.Current()) is { } again)
        {
            Environment.Exit(ChildProcess.Run(again));
        }
    }
}

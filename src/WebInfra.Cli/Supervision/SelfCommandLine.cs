using WebInfra.Cli.Commands;
using WebInfra.Hosts.Processes;

namespace WebInfra.Cli.Supervision;

/// <summary>
/// How to run this same tool again: as one component (<c>webinfra component NAME</c>), so the processes on one machine
/// are exactly the ones that would run on real hosts, or as the command now running, from another place.
/// </summary>
internal static class SelfCommandLine
{
    /// <summary>The component's command line; with <paramref name="takeOver"/>, one that takes the running process's listening sockets.</summary>
    public static (string FileName, List<string> Arguments) ForComponent(string componentName, string topologyPath, string stateDirectory, bool takeOver = false)
    {
        var (path, arguments) = Program();
        arguments.AddRange(["component", componentName, "--topology", topologyPath, "--state-dir", stateDirectory]);
        if (takeOver)
        {
            arguments.Add(ComponentCommand.TakeOver);
        }

        return (path, arguments);
    }

    /// <summary>The command line of the command now running: the program, then every argument it was given.</summary>
    public static IReadOnlyList<string> Current()
    {
        var (path, arguments) = Program();
        return [path, .. arguments, .. Environment.GetCommandLineArgs().Skip(1)];
    }

    private static (string Path, List<string> Arguments) Program()
    {
        var program = SelfProgram.CommandLine();
        return (program[0], [.. program.Skip(1)]);
    }
}

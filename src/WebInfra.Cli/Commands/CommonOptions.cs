using System.CommandLine;

namespace WebInfra.Cli.Commands;

/// <summary>Options every command takes.</summary>
internal static class CommonOptions
{
    public static Option<string?> StateDirectory { get; } = new("--state-dir")
    {
        Description = "Run-state folder (pids, logs, database data). Default: $WEBINFRA_HOME or .webinfra/ in the repository.",
        Recursive = true,
    };

    public static Option<bool> Verbose { get; } = new("--verbose")
    {
        Description = "Show stack traces of failures.",
        Recursive = true,
    };

    public static Argument<string> Target(string description) => new("target") { Description = description };

    /// <summary>The optional topology file of <c>up</c>, <c>doctor</c>, <c>diagram</c> and <c>monitoring export</c>; <see cref="CliEnvironment.LoadTopology"/> reads it.</summary>
    public static Argument<string?> Topology() => new("topology")
    {
        Description = "The topology file. Default: topologies/distributed.yaml.",
        Arity = ArgumentArity.ZeroOrOne,
    };

    /// <summary>The <c>--json</c> switch of commands that print a table.</summary>
    public static Option<bool> Json() => new("--json") { Description = "Print JSON for scripts instead of a table." };
}

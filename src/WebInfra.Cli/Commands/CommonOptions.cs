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
}

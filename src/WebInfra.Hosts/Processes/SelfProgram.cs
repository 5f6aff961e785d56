using System.Reflection;

namespace WebInfra.Hosts.Processes;

/// <summary>How this tool is run again: its executable, and the assembly to load when that is the <c>dotnet</c> host.</summary>
public static class SelfProgram
{
    /// <summary>The executable, then the assembly when the executable is <c>dotnet</c>; a component's command line starts with these.</summary>
    public static IReadOnlyList<string> CommandLine()
    {
        var path = Environment.ProcessPath ?? throw new InvalidOperationException("cannot tell which executable is running");
        return string.Equals(Path.GetFileNameWithoutExtension(path), "dotnet", StringComparison.Ordinal)
            ? [path, (Assembly.GetEntryAssembly() ?? throw new InvalidOperationException("cannot tell which assembly is running")).Location]
            : [path];
    }
}

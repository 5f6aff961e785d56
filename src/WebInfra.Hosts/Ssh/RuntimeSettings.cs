namespace WebInfra.Hosts.Ssh;

/// <summary>
/// The runtime settings a component on an SSH host runs with: the <c>DOTNET_</c> variables this tool was started with
/// that set the runtime's own knobs (<c>./webinfra</c> sets the ones .NET reads from the environment only). Those are
/// CLRConfig's names, in mixed case (<c>TC_CallCountingDelayMs</c>, <c>TieredPGO</c>, <c>gcServer</c>); the SDK's and
/// the host's variables are upper case (<c>DOTNET_ROOT</c>, <c>DOTNET_CLI_TELEMETRY_OPTOUT</c>) and mean nothing to a
/// self-contained build on another machine, so they stay here.
/// </summary>
public static class RuntimeSettings
{
    /// <summary>Each setting as <c>NAME=VALUE</c>, in name order.</summary>
    public static IReadOnlyList<string> Current()
    {
        var settings = new List<string>();
        foreach (System.Collections.DictionaryEntry variable in Environment.GetEnvironmentVariables())
        {
            if (variable.Key is string name && IsRuntimeKnob(name))
            {
                settings.Add($"{name}={variable.Value}");
            }
        }

        return [.. settings.Order(StringComparer.Ordinal)];
    }

    /// <summary>True for <c>DOTNET_</c> followed by a CLRConfig name, which has a lower-case letter.</summary>
    public static bool IsRuntimeKnob(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name.StartsWith("DOTNET_", StringComparison.Ordinal) && name.AsSpan("DOTNET_".Length).ContainsAnyInRange('a', 'z');
    }
}

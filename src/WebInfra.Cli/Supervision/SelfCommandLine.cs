namespace WebInfra.Cli.Supervision;

/// <summary>
/// How to run this same tool again as one component (<c>webinfra component NAME</c>): the processes on one machine
/// are exactly the ones that would run on real hosts.
/// </summary>
internal static class SelfCommandLine
{
    public static (string FileName, List<string> Arguments) ForComponent(string componentName, string topologyPath, string stateDirectory)
    {
        var path = Environment.ProcessPath ?? throw new InvalidOperationException("cannot tell which executable is running");
        var arguments = new List<string>();
        if (string.Equals(Path.GetFileNameWithoutExtension(path), "dotnet", StringComparison.Ordinal))
        {
            arguments.Add(typeof(SelfCommandLine).Assembly.Location);
        }

        arguments.AddRange(["component", componentName, "--topology", topologyPath, "--state-dir", stateDirectory]);
        return (path, arguments);
    }
}

namespace WebInfra.FunctionalTests.Infrastructure;

/// <summary>What one run of the <c>webinfra</c> command printed and returned.</summary>
internal sealed record CliResult(int ExitCode, string Output, string Error)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Output}\n--- stderr\n{Error}";
}

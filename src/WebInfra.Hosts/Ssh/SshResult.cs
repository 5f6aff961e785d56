namespace WebInfra.Hosts.Ssh;

/// <summary>What a command run over SSH gave back.</summary>
/// <param name="ExitCode">Its exit code; 255 when SSH itself failed (no connection, key refused, host key changed).</param>
/// <param name="Output">Its standard output.</param>
/// <param name="Error">Its standard error, and SSH's own messages.</param>
internal sealed record SshResult(int ExitCode, string Output, string Error)
{
    /// <summary>The exit code with which OpenSSH's client reports a failure of its own.</summary>
    public const int ClientFailure = 255;

    /// <summary>True when the command ran and exited 0.</summary>
    public bool Succeeded => ExitCode == 0;
}

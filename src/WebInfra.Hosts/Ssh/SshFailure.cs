using WebInfra.Topology.Model;

namespace WebInfra.Hosts.Ssh;

/// <summary>Turns what SSH or a host said when a command failed into one sentence: which host, what went wrong, and the fix.</summary>
internal static class SshFailure
{
    public static string Explain(SshTarget target, SshResult result, string knownHostsFile)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(result);
        var said = result.Error;
        var where = $"{target.Host}:{target.Port}";
        if (Says(said, "REMOTE HOST IDENTIFICATION HAS CHANGED") || Says(said, "Host key verification failed"))
        {
            return $"{target}: the host's key is not the one pinned at first contact (in {knownHostsFile}), so someone may be in the middle; if the host was reinstalled, forget its old key with: ssh-keygen -f {knownHostsFile} -R '{target.KnownHostsName}'";
        }

        if (Says(said, "Permission denied"))
        {
            return $"{target}: the host refused the key (no password is ever tried): add your public key to ~{target.User}/.ssh/authorized_keys there, or load it into ssh-agent";
        }

        if (Says(said, "Connection refused"))
        {
            return $"{target}: nothing accepts SSH connections at {where}: start sshd there, or give the server's ssh target the right port";
        }

        if (Says(said, "Could not resolve hostname"))
        {
            return $"{target}: the name {target.Host} does not resolve: give the server's address or a name DNS knows";
        }

        if (result.ExitCode == SshResult.ClientFailure && (Says(said, "timed out") || Says(said, "No route to host") || Says(said, "Network is unreachable") || Says(said, "no answer within")))
        {
            return $"{target}: cannot reach {where} ({Last(said)}): check that the host is up and that nothing between drops SSH";
        }

        if (Says(said, "sudo: a password is required") || Says(said, "sudo: not found") || Says(said, "is not in the sudoers file") || Says(said, "may not run sudo"))
        {
            return $"{target}: {target.User} may not run commands as root without a password ({Last(said)}): log in as root, or give {target.User} passwordless sudo (a line '{target.User} ALL=(ALL) NOPASSWD: ALL' in /etc/sudoers.d/webinfra)";
        }

        return result.ExitCode == SshResult.ClientFailure
            ? $"{target}: SSH failed: {Last(said)}"
            : $"{target}: a command failed with exit code {result.ExitCode}: {(said.Length > 0 ? Last(said) : result.Output.Trim())}";
    }

    private static bool Says(string text, string phrase) => text.Contains(phrase, StringComparison.OrdinalIgnoreCase);

    private static string Last(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) is [.., var last] ? last : "no message";
}

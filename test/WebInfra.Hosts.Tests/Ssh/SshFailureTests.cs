using WebInfra.Hosts.Ssh;
using WebInfra.Topology.Model;

namespace WebInfra.Hosts.Tests.Ssh;

public sealed class SshFailureTests
{
    private static readonly SshTarget s_target = new("deploy", "203.0.113.7", 2222);

    private static string Explain(int exitCode, string error) => SshFailure.Explain(s_target, new SshResult(exitCode, "", error), "/srv/site/.webinfra/ssh/known_hosts");

    [Theory]
    [InlineData("@@@@@@@@@@@@\n@    WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED!     @\nHost key verification failed.", "the host's key is not the one pinned at first contact (in /srv/site/.webinfra/ssh/known_hosts)")]
    [InlineData("deploy@203.0.113.7: Permission denied (publickey).", "the host refused the key (no password is ever tried): add your public key to ~deploy/.ssh/authorized_keys there")]
    [InlineData("ssh: connect to host 203.0.113.7 port 2222: Connection refused", "nothing accepts SSH connections at 203.0.113.7:2222")]
    [InlineData("ssh: connect to host 203.0.113.7 port 2222: Connection timed out", "cannot reach 203.0.113.7:2222 (ssh: connect to host 203.0.113.7 port 2222: Connection timed out)")]
    [InlineData("ssh: Could not resolve hostname web-9: Name or service not known", "the name 203.0.113.7 does not resolve")]
    public void Each_failure_of_ssh_names_the_host_what_went_wrong_and_the_fix(string error, string expected)
    {
        var message = Explain(SshResult.ClientFailure, error);

        Assert.StartsWith("deploy@203.0.113.7:2222: ", message, StringComparison.Ordinal);
        Assert.Contains(expected, message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_user_without_passwordless_sudo_is_told_how_to_get_it()
    {
        var message = Explain(1, "sudo: a password is required");

        Assert.Equal("deploy@203.0.113.7:2222: deploy may not run commands as root without a password (sudo: a password is required): log in as root, or give deploy passwordless sudo (a line 'deploy ALL=(ALL) NOPASSWD: ALL' in /etc/sudoers.d/webinfra)", message);
    }

    [Fact]
    public void A_command_that_failed_on_the_host_says_its_exit_code_and_last_words() =>
        Assert.Equal("deploy@203.0.113.7:2222: a command failed with exit code 2: tar: Error is not recoverable: exiting now", Explain(2, "tar: x: Cannot open\ntar: Error is not recoverable: exiting now"));
}

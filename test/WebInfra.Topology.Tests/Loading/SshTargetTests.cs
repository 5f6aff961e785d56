using WebInfra.Topology.Model;

namespace WebInfra.Topology.Tests.Loading;

public sealed class SshTargetTests
{
    [Theory]
    [InlineData("deploy@203.0.113.7:2222", "deploy", "203.0.113.7", 2222)]
    [InlineData("deploy@web-1.example.com", "deploy", "web-1.example.com", 22)]
    [InlineData("203.0.113.7", "root", "203.0.113.7", 22)]
    [InlineData("203.0.113.7:2200", "root", "203.0.113.7", 2200)]
    [InlineData("admin@[2001:db8::7]:2222", "admin", "2001:db8::7", 2222)]
    [InlineData("2001:db8::7", "root", "2001:db8::7", 22)]
    public void Reads_user_host_and_port_and_takes_the_defaults_for_what_is_left_out(string text, string user, string host, int port)
    {
        Assert.True(SshTarget.TryParse(text, "root", 22, out var target));

        Assert.Equal(new SshTarget(user, host, port), target);
    }

    [Theory]
    [InlineData("")]
    [InlineData("deploy@")]
    [InlineData("@host")]
    [InlineData("deploy@host:0")]
    [InlineData("deploy@host:70000")]
    [InlineData("deploy@host:ssh")]
    [InlineData("deploy@-oProxyCommand=evil")]
    [InlineData("-l@host")]
    [InlineData("de ploy@host")]
    [InlineData("deploy@host;reboot")]
    [InlineData("deploy@[2001:db8::7")]
    [InlineData("deploy@$(id)")]
    public void Refuses_what_is_no_target_and_anything_ssh_or_a_shell_would_read_as_an_option_or_a_command(string text) =>
        Assert.False(SshTarget.TryParse(text, "root", 22, out _));

    [Theory]
    [InlineData("deploy@203.0.113.7:2222")]
    [InlineData("admin@[2001:db8::7]:22")]
    public void Writes_the_form_it_reads(string text)
    {
        Assert.True(SshTarget.TryParse(text, "root", 22, out var target));

        Assert.Equal(text, target.ToString());
        Assert.True(SshTarget.TryParse(target.ToString(), "nobody", 1, out var again));
        Assert.Equal(target, again);
    }
}

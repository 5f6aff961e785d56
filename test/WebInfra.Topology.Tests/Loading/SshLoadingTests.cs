using System.Net;
using WebInfra.Topology.Model;

namespace WebInfra.Topology.Tests.Loading;

public sealed class SshLoadingTests
{
    [Fact]
    public void Servers_are_reached_at_their_own_target_or_at_the_sections_user_and_port_on_their_address()
    {
        var topology = TopologyText.Load(TopologyText.Ssh);

        Assert.Equal(HostKind.Ssh, topology.Hosts);
        Assert.Equal(new SshSettings("deploy", 2222, Lab: false, ServiceManager.Auto, InstallPackages: true, new SourceLocation(TopologyText.FileName, 5, 1)), topology.Ssh);
        Assert.Equal(new SshTarget("admin", "web-1.example.com", 2222), topology.SshTargetOf(topology.FindServer("web-1")!));
        Assert.Equal(new SourceLocation(TopologyText.FileName, 12, 10), topology.FindServer("web-1")!.SshLocation);
        Assert.Equal(new SshTarget("deploy", "203.0.113.2", 2222), topology.SshTargetOf(topology.FindServer("web-2")!));
        Assert.False(topology.OnSwitch);
        Assert.Null(topology.HostsSubnet);
        Assert.Null(topology.OperatorAddress);
    }

    [Fact]
    public void Without_an_ssh_section_every_server_is_root_on_port_22_at_its_address()
    {
        var topology = TopologyText.Load(TopologyText.With(TopologyText.Ssh, "ssh: { user: deploy, port: 2222 }\n", ""));

        Assert.Equal(SshSettings.Default, topology.Ssh);
        Assert.Equal(new SshTarget("root", "203.0.113.10", 22), topology.SshTargetOf(topology.FindServer("lb-01")!));
    }

    [Fact]
    public void A_lab_is_on_a_switch_with_a_subnet_and_an_operator_as_namespaces_are()
    {
        var topology = TopologyText.Load(TopologyText.With(TopologyText.Ssh, "ssh: { user: deploy, port: 2222 }", "ssh: { lab: true }\nnetwork: { subnet: 203.0.113.0/24 }")
            .Replace("    ssh: admin@web-1.example.com\n", "", StringComparison.Ordinal));

        Assert.True(topology.Ssh.Lab);
        Assert.True(topology.OnSwitch);
        Assert.Equal(IPNetwork.Parse("203.0.113.0/24"), topology.HostsSubnet);
        Assert.Equal(IPAddress.Parse("203.0.113.254"), topology.OperatorAddress);
    }

    [Theory]
    [InlineData("auto", ServiceManager.Auto)]
    [InlineData("systemd", ServiceManager.Systemd)]
    [InlineData("Processes", ServiceManager.Processes)]
    public void The_service_manager_is_read_from_the_ssh_section(string key, ServiceManager expected)
    {
        var topology = TopologyText.Load(TopologyText.With(TopologyText.Ssh, "ssh: { user: deploy, port: 2222 }", $"ssh: {{ service_manager: {key} }}"));

        Assert.Equal(expected, topology.Ssh.ServiceManager);
    }

    [Fact]
    public void Installing_packages_on_the_hosts_can_be_turned_off()
    {
        var topology = TopologyText.Load(TopologyText.With(TopologyText.Ssh, "ssh: { user: deploy, port: 2222 }", "ssh: { install_packages: false }"));

        Assert.False(topology.Ssh.InstallPackages);
    }

    [Theory]
    [InlineData("ssh: admin@", "'ssh' of server 'web-1' is 'admin@', which is not an SSH target", 12, 10)]
    [InlineData("ssh: admin@web-1:99999", "'ssh' of server 'web-1' is 'admin@web-1:99999', which is not an SSH target", 12, 10)]
    [InlineData("ssh: \"admin@web-1 -oProxyCommand=x\"", "'ssh' of server 'web-1' is 'admin@web-1 -oProxyCommand=x', which is not an SSH target", 12, 10)]
    public void A_target_that_is_not_one_is_reported_where_it_is_written(string line, string message, int row, int column)
    {
        var error = Assert.Single(TopologyText.Errors(TopologyText.With(TopologyText.Ssh, "ssh: admin@web-1.example.com", line)));

        Assert.Equal(message, error.Message);
        Assert.Equal($"write one of {SshTarget.Forms}, such as deploy@203.0.113.7:2222", error.Hint);
        Assert.Equal((row, column), (error.Location.Line, error.Location.Column));
    }

    [Theory]
    [InlineData("ssh: { user: \"de ploy\" }", "'user' in ssh is 'de ploy', which is not a user name")]
    [InlineData("ssh: { port: 0 }", "'port' in ssh")]
    [InlineData("ssh: { lab: maybe }", "'lab' in ssh")]
    [InlineData("ssh: { service_manager: runit }", "'service_manager' in ssh is 'runit', which is not one of: auto, systemd, processes")]
    [InlineData("ssh: { install_packages: sometimes }", "'install_packages' in ssh")]
    [InlineData("ssh: { password: hunter2 }", "password")]
    public void A_bad_ssh_section_is_reported_on_line_5(string line, string message)
    {
        var error = Assert.Single(TopologyText.Errors(TopologyText.With(TopologyText.Ssh, "ssh: { user: deploy, port: 2222 }", line)));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.Equal(5, error.Location.Line);
    }

    [Fact]
    public void An_absolute_path_is_reported_where_it_is_written_since_only_a_relative_one_leads_to_the_files_on_a_host()
    {
        var error = Assert.Single(TopologyText.Errors(TopologyText.With(TopologyText.Ssh, "files: .", "files: /srv/www")));

        Assert.Equal("'files' is the absolute path /srv/www; under 'hosts: ssh' each path is written relative to the topology file, which goes to every host with the files it names", error.Message);
        Assert.Equal("write it relative to the topology file's folder (../ is fine)", error.Hint);
        Assert.Equal((3, 10), (error.Location.Line, error.Location.Column));
    }
}

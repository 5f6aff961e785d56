using WebInfra.Hosts.Ssh;

namespace WebInfra.Hosts.Tests.Ssh;

public sealed class RemoteLayoutTests
{
    private readonly RemoteLayout _layout = new("/home/alice/foobar/.webinfra");

    [Fact]
    public void The_run_state_is_under_the_hosts_state_folder_and_every_other_file_under_its_site_folder_at_its_path_here()
    {
        Assert.Equal("/var/lib/webinfra/state/logs/server-1-web.log", _layout.Remote("/home/alice/foobar/.webinfra/logs/server-1-web.log"));
        Assert.Equal("/var/lib/webinfra/state", _layout.Remote("/home/alice/foobar/.webinfra"));
        Assert.Equal("/var/lib/webinfra/site/home/alice/foobar/topology.yaml", _layout.Remote("/home/alice/foobar/topology.yaml"));
        Assert.Equal("/var/lib/webinfra/site/home/alice/foobar/.webinfra-old/x", _layout.Remote("/home/alice/foobar/.webinfra-old/x"));
    }

    [Fact]
    public void This_tool_becomes_the_hosts_build_and_its_paths_the_hosts()
    {
        var line = _layout.Remote(
            ["/usr/bin/dotnet", "/src/webinfra.dll", "component", "server-1/web", "--topology", "/home/alice/foobar/topology.yaml", "--state-dir", "/home/alice/foobar/.webinfra"],
            ["/usr/bin/dotnet", "/src/webinfra.dll"]);

        Assert.Equal(["/opt/webinfra/current/webinfra", "component", "server-1/web", "--topology", "/var/lib/webinfra/site/home/alice/foobar/topology.yaml", "--state-dir", "/var/lib/webinfra/state"], line);
    }

    [Fact]
    public void Another_program_keeps_its_name()
    {
        Assert.Equal(["/usr/sbin/mariadbd", "--datadir=x"], _layout.Remote(["/usr/sbin/mariadbd", "--datadir=x"], ["/opt/webinfra/webinfra"]));
    }
}

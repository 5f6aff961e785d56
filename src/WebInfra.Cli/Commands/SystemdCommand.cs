using System.CommandLine;
using Spectre.Console;
using WebInfra.Cli.Supervision;
using WebInfra.Hosts;
using WebInfra.Hosts.Processes;
using WebInfra.Hosts.Ssh;
using WebInfra.Topology.Model;

namespace WebInfra.Cli.Commands;

/// <summary>
/// <c>webinfra systemd export SERVER [TOPOLOGY] [--out DIR]</c>: one systemd unit per component of an SSH host, in the
/// layout <c>up</c> gives the host (the build in <c>/opt/webinfra/current</c>, the site in <c>/var/lib/webinfra</c>),
/// to install and enable by hand (<c>systemctl enable --now webinfra-SERVER-KIND@1.service</c>: each is a template whose
/// instance is the process's generation, see <see cref="SystemdUnit"/>). Check them with <c>systemd-analyze verify</c>.
/// </summary>
internal static class SystemdCommand
{
    public static Command Create(IAnsiConsole console) => new("systemd", "Export systemd units for the components of an SSH host.")
    {
        CreateExport(console),
    };

    private static Command CreateExport(IAnsiConsole console)
    {
        var serverArgument = new Argument<string>("server") { Description = "The server whose units to write, e.g. server-1." };
        var topologyArgument = CommonOptions.Topology();
        var outOption = new Option<string?>("--out")
        {
            HelpName = "DIR",
            Description = "The folder to write into (created when missing). Default: systemd/ in the current folder.",
        };
        var command = new Command("export", "Write one unit per component of a server, for a host laid out as 'hosts: ssh' lays it out.")
        {
            serverArgument,
            topologyArgument,
            outOption,
        };
        command.SetAction(parse =>
        {
            var topology = CliEnvironment.LoadTopology(parse.GetValue(topologyArgument));
            if (topology.Hosts != HostKind.Ssh)
            {
                throw new UsageException($"{topology.SourcePath} runs its servers as {topology.Hosts.ToKey()} hosts; the units are for the layout 'hosts: ssh' gives a host",
                    "add 'hosts: ssh' (and each server's ssh target) to the topology");
            }

            var name = parse.GetValue(serverArgument)!;
            var server = topology.FindServer(name)
                ?? throw new UsageException($"the topology has no server '{name}'", $"servers: {string.Join(", ", topology.Servers.Select(s => s.Name))}");
            var state = CliEnvironment.State(parse.GetValue(CommonOptions.StateDirectory));
            var layout = new RemoteLayout(state.Path);
            var directory = Path.GetFullPath(parse.GetValue(outOption) ?? Path.Combine(Directory.GetCurrentDirectory(), "systemd"));
            Directory.CreateDirectory(directory);
            var hosts = HostDrivers.For(topology, state.Path);

            // A database node runs MariaDB's server, on the data directory 'up' makes for it on the host; an etcd member etcd.
            IReadOnlyList<string> CommandLineOf(Component component)
            {
                if (component.Kind == ComponentKind.Database)
                {
                    var node = new DatabaseCluster(topology, state).UnitCommandLine(component, hosts);
                    return [node.FileName, .. node.Arguments];
                }

                var (fileName, arguments) = component.Kind == ComponentKind.Etcd
                    ? new EtcdMembers(topology, state).UnitCommandLine(component)
                    : SelfCommandLine.ForComponent(component.Name, topology.SourcePath, state.Path);
                return [fileName, .. arguments];
            }

            foreach (var component in server.Components)
            {
                var unit = SystemdUnit.For(component, topology.Site.Name, layout.Remote(CommandLineOf(component), SelfProgram.CommandLine()), RuntimeSettings.Current());
                var path = Path.Combine(directory, SystemdUnit.TemplateOf(component));
                File.WriteAllText(path, unit);
                console.MarkupLineInterpolated($"wrote [bold]{path}[/]");
            }

            return 0;
        });
        return command;
    }
}

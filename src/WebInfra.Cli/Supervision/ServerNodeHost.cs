using System.Collections.Concurrent;
using WebInfra.Database.Provisioning;
using WebInfra.Hosting.Tls;
using WebInfra.Hosts;

namespace WebInfra.Cli.Supervision;

/// <summary>
/// The topology's database nodes on the servers <paramref name="hosts"/> runs: each node's tools run on its component's
/// server as the account its components run as, and its files are where that server has them. MariaDB's programs are
/// looked for on each server, unless <paramref name="installation"/> says where they are without asking.
/// </summary>
internal sealed class ServerNodeHost(Topology.Model.Topology topology, IHostDriver hosts, MariaDbInstallation? installation = null) : INodeHost
{
    /// <summary>Prints each of its arguments that is an executable file.</summary>
    private const string ExecutablesScript = "for p in \"$@\"; do if [ -f \"$p\" ] && [ -x \"$p\" ]; then printf '%s\\n' \"$p\"; fi; done";

    private readonly ConcurrentDictionary<string, MariaDbInstallation> _installations = new(StringComparer.Ordinal);

    public IReadOnlyList<string> CommandLine(DatabaseNode node, IReadOnlyList<string> commandLine) => hosts.AsComponents(ServerOf(node), commandLine);

    public bool RunsAsRoot(DatabaseNode node) => hosts.ComponentsRunAsRoot;

    public DatabaseNode Placed(DatabaseNode node)
    {
        var server = ServerOf(node);
        return node with
        {
            DataDirectory = hosts.PathOnServer(server, node.DataDirectory),
            Tls = node.Tls is { } tls
                ? new ServerCertificateFiles(hosts.PathOnServer(server, tls.AuthorityPath), hosts.PathOnServer(server, tls.CertificatePath), hosts.PathOnServer(server, tls.KeyPath))
                : null,
        };
    }

    /// <summary>MariaDB's programs as the node's server has them, looked for there once per server.</summary>
    public MariaDbInstallation Installation(DatabaseNode node) => installation ?? _installations.GetOrAdd(ServerOf(node), server =>
    {
        var directories = MariaDbInstallation.HostSearchDirectories;
        var found = hosts.OutputOnServer(server, ["sh", "-c", ExecutablesScript, "sh", .. MariaDbInstallation.Candidates(directories)])
            ?? throw new HostException($"server '{server}' could not be asked where MariaDB's programs are");
        return MariaDbInstallation.From(directories, found.Split('\n', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal));
    });

    private string ServerOf(DatabaseNode node) =>
        topology.FindComponent(node.Name)?.ServerName ?? throw new ArgumentException($"the topology has no database node {node.Name}", nameof(node));
}

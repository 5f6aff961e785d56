using WebInfra.Topology.Loading;
using WebInfra.Topology.Model;

namespace WebInfra.Topology.Validation;

/// <summary>
/// The <c>ssh</c> section and each server's <c>ssh</c> target mean something under <c>hosts: ssh</c> only, so anywhere
/// else they are refused rather than ignored. Under <c>hosts: ssh</c>, a firewall must leave the CLI a way in.
/// </summary>
internal sealed class SshValidator : ITopologyValidator
{
    public void Validate(Model.Topology topology, ICollection<TopologyError> errors)
    {
        var ssh = $"'hosts: {HostKind.Ssh.ToKey()}'";
        if (topology.Hosts != HostKind.Ssh)
        {
            if (topology.Ssh.Location is { } location)
            {
                errors.Add(new TopologyError(location, $"ssh applies to {ssh} only", $"add {ssh} to reach every server over SSH, or remove ssh"));
            }

            foreach (var server in topology.Servers.Where(s => s.SshLocation is not null))
            {
                errors.Add(new TopologyError(server.SshLocation!, $"server '{server.Name}' has an ssh target, which applies to {ssh} only",
                    $"add {ssh} to reach every server over SSH, or remove the server's ssh"));
            }

            return;
        }

        ValidateFirewall(topology, errors);
    }

    /// <summary>
    /// A firewall loaded into a host's kernel must never shut the CLI out of it: SSH stays open to the operators, so
    /// on real hosts the operators must be named (the default, 127.0.0.1, would be each host itself), SSH may not be
    /// closed, and each host's SSH port must be the one its firewall keeps open.
    /// </summary>
    private static void ValidateFirewall(Model.Topology topology, ICollection<TopologyError> errors)
    {
        var firewall = topology.Firewall;
        if (!firewall.Enabled)
        {
            return;
        }

        var where = firewall.Location ?? topology.HostsLocation!;
        if (!topology.OnSwitch && firewall.Operators.SequenceEqual(FirewallSettings.Default.Operators))
        {
            errors.Add(new TopologyError(where,
                "the firewall keeps SSH and the admin ports open to the operators only, and none is named: 127.0.0.1 would be each host itself, so the hosts would shut WebInfra out",
                "name the addresses you run webinfra from, such as firewall: { enabled: true, operators: [203.0.113.50] }"));
        }

        if (firewall.SshPort is not { } open)
        {
            errors.Add(new TopologyError(where, "'ssh: false' in firewall closes SSH, and under 'hosts: ssh' every host is reached over SSH",
                "remove ssh: false from firewall"));
            return;
        }

        foreach (var server in topology.Servers.Where(s => topology.SshTargetOf(s).Port != open))
        {
            errors.Add(new TopologyError(server.SshLocation ?? topology.Ssh.Location ?? server.Location,
                $"server '{server.Name}' is reached over SSH on port {topology.SshTargetOf(server).Port}, and its firewall keeps port {open} open for SSH",
                $"set firewall: {{ ssh: {topology.SshTargetOf(server).Port} }}, or reach the server on port {open}"));
        }
    }
}

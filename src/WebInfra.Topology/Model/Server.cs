using System.Net;

namespace WebInfra.Topology.Model;

/// <summary>
/// A host of the site. On one machine each server gets its own loopback address (127.0.1.x) so that it behaves
/// like a separate machine, or under <c>hosts: namespaces</c> a network namespace with its own address on
/// <see cref="Topology.HostsSubnet"/>; on real hosts it is the host's address.
/// </summary>
/// <param name="Name">The server's name, e.g. <c>server-1</c>.</param>
/// <param name="Address">The address every component of the server binds to.</param>
/// <param name="Components">The components it runs, in file order.</param>
/// <param name="Location">Where the server is declared.</param>
public sealed record Server(string Name, IPAddress Address, IReadOnlyList<Component> Components, SourceLocation Location)
{
    /// <summary>Openings the server's firewall adds to the ones derived from the topology.</summary>
    public IReadOnlyList<FirewallRule> FirewallRules { get; init; } = [];

    /// <summary>
    /// Where the server's <c>address</c> is written, or null when it was left out and assigned from
    /// <see cref="NetworkSettings.Subnet"/> (<c>hosts: namespaces</c>).
    /// </summary>
    public SourceLocation? AddressLocation { get; init; }

    /// <summary>Under <c>hosts: ssh</c>, where the server is reached when its <c>ssh</c> key says; null to take the <c>ssh</c> section's user and port at its address.</summary>
    public SshTarget? Ssh { get; init; }

    /// <summary>Where the server's <c>ssh</c> key is written, or null when it is absent.</summary>
    public SourceLocation? SshLocation { get; init; }
}

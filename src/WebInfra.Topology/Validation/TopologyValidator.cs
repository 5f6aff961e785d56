using WebInfra.Topology.Loading;

namespace WebInfra.Topology.Validation;

/// <summary>Runs every rule without short-circuiting, so that all errors are reported together.</summary>
internal static class TopologyValidator
{
    private static readonly ITopologyValidator[] s_rules =
    [
        new EndpointValidator(),
        new HostsValidator(),
        new SshValidator(),
        new BackendReferenceValidator(),
        new HealthCheckValidator(),
        new DatabaseValidator(),
        new EntryPointValidator(),
        new SiteFilesValidator(),
        new ApplicationValidator(),
        new FirewallValidator(),
        new VipValidator(),
        new DnsValidator(),
    ];

    public static IReadOnlyList<TopologyError> Validate(Model.Topology topology)
    {
        var errors = new List<TopologyError>();
        foreach (var rule in s_rules)
        {
            rule.Validate(topology, errors);
        }

        return errors;
    }
}

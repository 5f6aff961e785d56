using WebInfra.Topology.Loading;

namespace WebInfra.Topology.Validation;

/// <summary>One rule a topology must keep. Rules add every violation they find rather than stopping at the first.</summary>
internal interface ITopologyValidator
{
    void Validate(Model.Topology topology, ICollection<TopologyError> errors);
}

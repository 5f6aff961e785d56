using WebInfra.Topology.Loading;

namespace WebInfra.Topology.Validation;

/// <summary>The site's files folder exists, so web servers do not start up serving nothing.</summary>
internal sealed class SiteFilesValidator : ITopologyValidator
{
    public void Validate(Model.Topology topology, ICollection<TopologyError> errors)
    {
        if (!Directory.Exists(topology.Site.FilesDirectory))
        {
            errors.Add(new TopologyError(topology.Site.Location,
                $"site files folder '{topology.Site.FilesDirectory}' does not exist",
                "'files' under site is resolved against the topology file's folder"));
        }
    }
}

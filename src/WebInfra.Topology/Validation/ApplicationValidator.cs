using WebInfra.Topology.Loading;

namespace WebInfra.Topology.Validation;

/// <summary>
/// The user's application can start where it is declared: its folder and the database's schema file exist, and every
/// backend that balances over it probes the path it answers health on.
/// </summary>
internal sealed class ApplicationValidator : ITopologyValidator
{
    public void Validate(Model.Topology topology, ICollection<TopologyError> errors)
    {
        var applications = topology.Components.Where(c => c.Application is not null).ToList();
        foreach (var component in applications)
        {
            var application = component.Application!;
            if (!Directory.Exists(application.Directory))
            {
                errors.Add(new TopologyError(application.DirectoryLocation ?? application.Location,
                    $"the folder of {component.Name}'s application, '{application.Directory}', does not exist",
                    "'directory' is resolved against the topology file's folder; point it at the application's code"));
            }
        }

        foreach (var backend in topology.Backends)
        {
            foreach (var member in topology.MembersOf(backend).Where(m => m.Application is { } app && app.HealthPath != backend.Health.Path))
            {
                errors.Add(new TopologyError(backend.Location,
                    $"backend '{backend.Name}' probes {backend.Health.Path}, but {member.Name}'s application answers health on {member.Application!.HealthPath}",
                    $"set the backend's health path to {member.Application.HealthPath}, or the application's 'health' to {backend.Health.Path}"));
            }
        }

        var database = topology.Database;
        if (database.SchemaFile is { } schema && !File.Exists(schema))
        {
            errors.Add(new TopologyError(database.SchemaLocation!,
                $"the database schema file '{schema}' does not exist",
                "'schema' under database is resolved against the topology file's folder"));
        }
    }
}

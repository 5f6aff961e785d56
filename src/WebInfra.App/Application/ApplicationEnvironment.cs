using System.Globalization;
using WebInfra.Database.Provisioning;
using WebInfra.Hosting;

namespace WebInfra.App.Application;

/// <summary>
/// The environment the user's application starts with, on top of its application server's: where to listen
/// (<c>HOST</c>, <c>PORT</c>, as Heroku, Kamal and most frameworks read them), the database endpoints as URLs
/// (<c>DATABASE_URL</c> for writes, <c>DATABASE_READ_URL</c> for reads), which node of which site it is, then the
/// topology's own <c>env</c>, which may override any of these.
/// </summary>
internal static class ApplicationEnvironment
{
    public static Dictionary<string, string> For(ComponentContext context, DatabaseSecrets? secrets)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (topology, component) = (context.Topology, context.Component);
        var application = component.Application ?? throw new InvalidOperationException($"{component.Name} runs no application of the user's");
        var variables = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["HOST"] = component.Address.ToString(),
            ["PORT"] = component.Port.ToString(CultureInfo.InvariantCulture),
            ["WEBINFRA_SITE"] = topology.Site.Name,
            ["WEBINFRA_COMPONENT"] = component.Name,
            ["WEBINFRA_SERVER"] = component.ServerName,
        };
        if (secrets is not null && topology.DatabaseEndpointsOf(component) is [var writer, var reader])
        {
            var credentials = $"{Uri.EscapeDataString(secrets.AppUser)}:{Uri.EscapeDataString(secrets.AppPassword)}";
            variables["DATABASE_URL"] = $"mysql://{credentials}@{writer}/{topology.Database.Name}";
            variables["DATABASE_READ_URL"] = $"mysql://{credentials}@{reader}/{topology.Database.Name}";
        }

        foreach (var (name, value) in application.Environment)
        {
            variables[name] = value;
        }

        return variables;
    }
}

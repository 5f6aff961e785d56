using System.Net;

namespace WebInfra.Database.Provisioning;

/// <summary>
/// Checks a <see cref="DatabaseNode"/> before its values reach a command line or a connection string.
/// All rules run without short-circuiting, so one exception reports every problem of the node.
/// </summary>
internal static class DatabaseNodeValidator
{
    public static IReadOnlyList<string> Validate(DatabaseNode node)
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(node.Name))
        {
            errors.Add("the name is empty");
        }

        if (!IPAddress.TryParse(node.Host, out _))
        {
            errors.Add($"host '{node.Host}' is not an IP address");
        }

        if (node.Port is < 1 or > 65535)
        {
            errors.Add($"port {node.Port} is outside 1-65535");
        }

        if (string.IsNullOrEmpty(node.DataDirectory) || !Path.IsPathFullyQualified(node.DataDirectory))
        {
            errors.Add($"data directory '{node.DataDirectory}' is not an absolute path");
        }

        if (node.ServerId < 1)
        {
            errors.Add($"server id {node.ServerId} is less than 1");
        }

        if (!Enum.IsDefined(node.Role))
        {
            errors.Add($"role {(int)node.Role} is not a database role");
        }

        return errors;
    }

    public static void ThrowIfInvalid(DatabaseNode node, string paramName)
    {
        ArgumentNullException.ThrowIfNull(node, paramName);
        var errors = Validate(node);
        if (errors.Count > 0)
        {
            throw new ArgumentException($"Database node '{node.Name}' is invalid: {string.Join("; ", errors)}.", paramName);
        }
    }
}

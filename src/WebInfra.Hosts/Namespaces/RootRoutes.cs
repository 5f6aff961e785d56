using System.Globalization;
using System.Net;

namespace WebInfra.Hosts.Namespaces;

/// <summary>
/// The IPv4 routes of this machine's own network namespace, read from <c>/proc/1/net/route</c> (init's namespace,
/// whichever namespace the reader is in), to keep a site's subnet off any network the machine already reaches.
/// </summary>
internal static class RootRoutes
{
    /// <summary>A route of this machine, other than the default route, that shares addresses with <paramref name="subnet"/>; null when none does.</summary>
    public static IPNetwork? Overlapping(IPNetwork subnet)
    {
        const string table = "/proc/1/net/route";
        return File.Exists(table) ? Overlapping(subnet, Parse(File.ReadAllText(table))) : null;
    }

    /// <summary>The first of <paramref name="routes"/>, other than a default route, that shares addresses with <paramref name="subnet"/>.</summary>
    internal static IPNetwork? Overlapping(IPNetwork subnet, IEnumerable<IPNetwork> routes) =>
        routes.Where(r => r.PrefixLength > 0 && (r.Contains(subnet.BaseAddress) || subnet.Contains(r.BaseAddress))).Cast<IPNetwork?>().FirstOrDefault();

    /// <summary>The routes of a <c>/proc/net/route</c> table.</summary>
    internal static IEnumerable<IPNetwork> Parse(string table)
    {
        foreach (var line in table.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1))
        {
            var fields = line.Split('\t', StringSplitOptions.TrimEntries);
            if (fields.Length > 7
                && uint.TryParse(fields[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var destination)
                && uint.TryParse(fields[7], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var mask))
            {
                // The kernel prints both in the machine's byte order, little-endian here: the first octet in the low byte.
                yield return new IPNetwork(new IPAddress(BitConverter.GetBytes(destination)), System.Numerics.BitOperations.PopCount(mask));
            }
        }
    }
}

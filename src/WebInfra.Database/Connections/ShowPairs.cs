using MySqlConnector;

namespace WebInfra.Database.Connections;

/// <summary>
/// The name/value rows of <c>SHOW GLOBAL VARIABLES</c> and <c>SHOW GLOBAL STATUS</c>, read by name, and what observers of
/// a node make of them. Checks read them with SHOW, not SELECT, so that they never count as reads on the node they watch.
/// </summary>
internal static class ShowPairs
{
    /// <summary>The rows of the reader's current result, by name (case-insensitive, as MariaDB's variable names are).</summary>
    public static async Task<Dictionary<string, string>> ReadAsync(MySqlDataReader reader, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var pairs = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        while (await reader.ReadAsync(cancellationToken))
        {
            pairs[reader.GetString(0)] = reader.GetString(1);
        }

        return pairs;
    }

    /// <summary><c>@@global.read_only</c> from the variables: anything but an explicit OFF counts as read-only.</summary>
    public static bool ReadOnly(IReadOnlyDictionary<string, string> variables) =>
        !string.Equals(variables.GetValueOrDefault("read_only"), "OFF", StringComparison.OrdinalIgnoreCase);

    /// <summary>A counter from the status rows, or 0 when it is missing or not a number.</summary>
    public static long Number(IReadOnlyDictionary<string, string> pairs, string name) =>
        long.TryParse(pairs.GetValueOrDefault(name), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value) ? value : 0;
}

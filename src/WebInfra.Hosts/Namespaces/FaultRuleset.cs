using System.Text;
using System.Text.RegularExpressions;

namespace WebInfra.Hosts.Namespaces;

/// <summary>
/// The nftables ruleset of a site's partitions, loaded into the switch's namespace: a <c>bridge</c> table whose
/// <c>forward</c> chain drops each cut direction between two bridge ports, one rule per direction. Loaded whole, in one
/// transaction (<c>nft -f -</c>), so the bridge never holds half a change.
/// </summary>
internal static partial class FaultRuleset
{
    /// <summary>The table's name in the switch's namespace.</summary>
    public const string Table = "webinfra_faults";

    /// <summary>Removes the table and every rule in it, whether it exists or not.</summary>
    public static string Removal => $"table bridge {Table}\ndelete table bridge {Table}\n";

    /// <summary>
    /// The ruleset dropping each of <paramref name="drops"/> (the hosts' names, each direction once), with
    /// <paramref name="portOf"/> giving a host's bridge port; it replaces whatever the table held.
    /// </summary>
    public static string Create(IEnumerable<(string From, string To)> drops, Func<string, string> portOf)
    {
        ArgumentNullException.ThrowIfNull(drops);
        ArgumentNullException.ThrowIfNull(portOf);
        var text = new StringBuilder(Removal)
            .Append("table bridge ").Append(Table).Append(" {\n")
            .Append("\tchain forward {\n")
            .Append("\t\ttype filter hook forward priority 0; policy accept;\n");
        foreach (var (from, to) in drops)
        {
            text.Append($"\t\tiifname \"{portOf(from)}\" oifname \"{portOf(to)}\" drop comment \"partition {from} {to}\"\n");
        }

        return text.Append("\t}\n}\n").ToString();
    }

    /// <summary>The directions (bridge ports, from and to) a listing of the table (<c>nft list table bridge webinfra_faults</c>) drops, in its order.</summary>
    public static IReadOnlyList<(string FromPort, string ToPort)> Drops(string listing)
    {
        ArgumentNullException.ThrowIfNull(listing);
        return [.. DropRule().Matches(listing).Select(m => (m.Groups["from"].Value, m.Groups["to"].Value))];
    }

    [GeneratedRegex("""iifname "(?<from>[^"]+)" oifname "(?<to>[^"]+)" drop""")]
    private static partial Regex DropRule();
}

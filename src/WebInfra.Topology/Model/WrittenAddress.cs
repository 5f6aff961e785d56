using System.Net;

namespace WebInfra.Topology.Model;

/// <summary>
/// An IP address as a topology writes it: in full, four dotted numbers or IPv6 with colons. <see cref="IPAddress.TryParse(string?, out IPAddress?)"/>
/// alone also takes shorthand such as <c>10</c> for 0.0.0.10, which in a topology is far more likely a mistake or a
/// name than that address.
/// </summary>
public static class WrittenAddress
{
    /// <summary>Reads <paramref name="text"/> as an address written out in full; false for anything else, shorthand included.</summary>
    public static bool TryParse(string text, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out IPAddress? address)
    {
        ArgumentNullException.ThrowIfNull(text);
        address = null;
        return (text.Count(c => c == '.') == 3 || text.Contains(':', StringComparison.Ordinal)) && IPAddress.TryParse(text, out address);
    }
}

namespace WebInfra.Topology.Loading;

/// <summary>Splits a quantity as topology files write it (<c>500ms</c>, <c>64kb</c>) into its number and its unit.</summary>
internal static class UnitSuffix
{
    /// <summary>The number before the trailing letters, and the letters (empty when there are none).</summary>
    public static (string Number, string Unit) Split(string text)
    {
        var trimmed = text.Trim();
        var unitStart = trimmed.Length;
        while (unitStart > 0 && char.IsAsciiLetter(trimmed[unitStart - 1]))
        {
            unitStart--;
        }

        return (trimmed[..unitStart], trimmed[unitStart..]);
    }
}

using System.Globalization;

namespace WebInfra.FunctionalTests.Infrastructure;

/// <summary>What came back on a raw connection: the bytes as text, and whether the server closed it.</summary>
internal sealed record RawResponse(string Text, bool Closed)
{
    /// <summary>The status code of the first response, or 0 when none arrived.</summary>
    public int StatusCode => Text.StartsWith("HTTP/1.1 ", StringComparison.Ordinal) && Text.Length >= 12
        ? int.Parse(Text.AsSpan(9, 3), CultureInfo.InvariantCulture)
        : 0;

    /// <summary>The value of the first response's header <paramref name="name"/>, or null.</summary>
    public string? Header(string name)
    {
        var head = Text.Split("\r\n\r\n", 2)[0];
        return head.Split("\r\n").Skip(1)
            .Select(line => line.Split(':', 2))
            .Where(parts => parts.Length == 2 && string.Equals(parts[0], name, StringComparison.OrdinalIgnoreCase))
            .Select(parts => parts[1].Trim())
            .FirstOrDefault();
    }

    /// <summary>Everything after the first response's head (the body, when the server closed after one response).</summary>
    public string Body => Text.Split("\r\n\r\n", 2) is [_, var body] ? body : "";

    public override string ToString() => Text.Length > 600 ? Text[..600] + "..." : Text;
}

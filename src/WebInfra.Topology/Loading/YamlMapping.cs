using System.Globalization;
using System.Net;
using System.Net.Sockets;
using WebInfra.Topology.Model;
using YamlDotNet.RepresentationModel;

namespace WebInfra.Topology.Loading;

/// <summary>
/// Reads one YAML mapping of a topology file: checks its keys against the ones allowed where it stands, converts
/// values, and records every mistake with its location instead of stopping at the first.
/// </summary>
internal sealed class YamlMapping
{
    private readonly YamlMappingNode _node;
    private readonly string _context;
    private readonly TopologyErrors _errors;

    public YamlMapping(YamlMappingNode node, string context, IReadOnlyCollection<string> allowedKeys, TopologyErrors errors)
    {
        _node = node;
        _context = context;
        _errors = errors;
        foreach (var key in node.Children.Keys)
        {
            var name = (key as YamlScalarNode)?.Value ?? string.Empty;
            if (!allowedKeys.Contains(name, StringComparer.Ordinal))
            {
                _errors.Add(key, $"unknown key '{name}' in {context}", Suggest(name, allowedKeys));
            }
        }
    }

    public SourceLocation Location => _errors.LocationOf(_node);

    /// <summary>Reads a mapping node, reporting a node of another shape. Null for a missing or wrong node.</summary>
    public static YamlMapping? From(YamlNode? node, string context, IReadOnlyCollection<string> allowedKeys, TopologyErrors errors)
    {
        switch (node)
        {
            case null:
                return null;
            case YamlMappingNode mapping:
                return new YamlMapping(mapping, context, allowedKeys, errors);
            default:
                errors.Add(node, $"{context} must be a mapping of keys to values");
                return null;
        }
    }

    public YamlNode? Get(string key) =>
        _node.Children.FirstOrDefault(p => p.Key is YamlScalarNode { Value: var name } && name == key).Value;

    public IEnumerable<(YamlScalarNode Key, YamlNode Value)> Entries =>
        _node.Children.Where(p => p.Key is YamlScalarNode).Select(p => ((YamlScalarNode)p.Key, p.Value));

    public YamlNode? Require(string key)
    {
        var value = Get(key);
        if (value is null)
        {
            _errors.Add(_node, $"{_context} is missing the required key '{key}'");
        }

        return value;
    }

    public string? String(string key, bool required = false)
    {
        var node = required ? Require(key) : Get(key);
        if (node is null)
        {
            return null;
        }

        if (node is YamlScalarNode { Value: { Length: > 0 } value })
        {
            return value;
        }

        _errors.Add(node, $"'{key}' in {_context} must be a non-empty string");
        return null;
    }

    /// <summary>Reads a whole number from <paramref name="min"/> to <paramref name="max"/>; <paramref name="hint"/> goes with a refused value.</summary>
    public int? Int(string key, int min, int max, bool required = false, string? hint = null) =>
        Scalar(key, required, (string text, out int value) =>
            int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value >= min && value <= max,
            $"a whole number from {min} to {max}", hint);

    public bool? Bool(string key) => Scalar<bool>(key, required: false, bool.TryParse, "true or false");

    public TimeSpan? Duration(string key) => Scalar<TimeSpan>(key, required: false, DurationParser.TryParse, "a duration such as 500ms, 2s or 1m");

    /// <summary>Reads a duration from <paramref name="min"/> to <paramref name="max"/>.</summary>
    public TimeSpan? Duration(string key, TimeSpan min, TimeSpan max, string? hint = null) =>
        Scalar(key, required: false, (string text, out TimeSpan value) => DurationParser.TryParse(text, out value) && value >= min && value <= max,
            $"a duration from {DurationParser.Format(min)} to {DurationParser.Format(max)}", hint);

    /// <summary>Reads a size in bytes such as <c>64kb</c>, from <paramref name="min"/> to <paramref name="max"/> bytes.</summary>
    public int? Size(string key, int min, int max) =>
        Scalar(key, required: false, (string text, out int value) => ByteSizeParser.TryParse(text, out value) && value >= min && value <= max,
            $"a size from {min} to {max} bytes, such as 512b, 64kb or 1mb");

    /// <summary>Where <paramref name="key"/> itself is written, or null when the mapping lacks it.</summary>
    public SourceLocation? KeyLocation(string key) =>
        _node.Children.Keys.FirstOrDefault(k => k is YamlScalarNode { Value: var name } && name == key) is { } node ? _errors.LocationOf(node) : null;

    public IPAddress? Address(string key, bool required = true)
    {
        var node = required ? Require(key) : Get(key);
        if (node is null)
        {
            return null;
        }

        if (node is YamlScalarNode { Value: { } text } && WrittenAddress.TryParse(text, out var address))
        {
            return address;
        }

        _errors.Add(node, $"'{key}' in {_context} must be an IP address such as 127.0.1.1, not '{Describe(node)}'");
        return null;
    }

    /// <summary>
    /// Reads an IPv4 network written <c>A.B.C.D/N</c> with a prefix length from <paramref name="minPrefix"/> to
    /// <paramref name="maxPrefix"/>. An address with host bits set is refused, naming the network it lies in.
    /// </summary>
    public IPNetwork? Ipv4Network(string key, int minPrefix, int maxPrefix, bool required = false)
    {
        var node = required ? Require(key) : Get(key);
        if (node is null)
        {
            return null;
        }

        var text = Describe(node);
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (node is not YamlScalarNode || slash < 0
            || !IPAddress.TryParse(text.AsSpan(0, slash), out var address)
            || !(text.AsSpan(0, slash).Count('.') == 3 || text.AsSpan(0, slash).Contains(':'))
            || !int.TryParse(text.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var prefix)
            || prefix > (address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128))
        {
            _errors.Add(node, $"'{key}' in {_context} must be an IPv4 network written A.B.C.D/N, such as 10.77.0.0/24, not '{text}'");
            return null;
        }

        if (address.AddressFamily != AddressFamily.InterNetwork)
        {
            _errors.Add(node, $"'{key}' in {_context} is '{text}', an IPv6 network; it must be IPv4, such as 10.77.0.0/24");
            return null;
        }

        if (prefix < minPrefix || prefix > maxPrefix)
        {
            _errors.Add(node, $"'{key}' in {_context} is '{text}', whose prefix length is not from {minPrefix} to {maxPrefix}",
                $"a /{maxPrefix} holds {(1 << (32 - maxPrefix)) - 2} host addresses, a /{minPrefix} {(1 << (32 - minPrefix)) - 2}");
            return null;
        }

        var network = Ipv4Subnet.Containing(address, prefix);
        if (!network.BaseAddress.Equals(address))
        {
            _errors.Add(node, $"{text} is not a network address; did you mean {network}?", $"'{key}' names the whole network, so the bits after the first {prefix} are zero");
            return null;
        }

        return network;
    }

    /// <summary>Reads a value that must be one of a fixed set of words.</summary>
    public string? Choice(string key, IReadOnlyCollection<string> choices, bool required = false)
    {
        var text = String(key, required);
        if (text is null)
        {
            return null;
        }

        var match = choices.FirstOrDefault(c => string.Equals(c, text, StringComparison.OrdinalIgnoreCase));
        if (match is null)
        {
            var hint = Suggest(text, choices);
            _errors.Add(Get(key)!, $"'{key}' in {_context} is '{text}', which is not one of: {string.Join(", ", choices)}", hint.StartsWith("did you mean", StringComparison.Ordinal) ? hint : null);
        }

        return match;
    }

    /// <summary>
    /// Reads a value of <typeparamref name="TEnum"/> by the word topology files use for it (<paramref name="toKey"/>),
    /// as <see cref="Choice(string, IReadOnlyCollection{string}, bool)"/> reads a word; null when the key is absent or
    /// names none of them (reported).
    /// </summary>
    public TEnum? Choice<TEnum>(string key, Func<TEnum, string> toKey)
        where TEnum : struct, Enum
    {
        ArgumentNullException.ThrowIfNull(toKey);
        var values = Enum.GetValues<TEnum>();
        return Choice(key, [.. values.Select(toKey)]) is { } word ? values.First(v => string.Equals(toKey(v), word, StringComparison.Ordinal)) : null;
    }

    private delegate bool ScalarParser<T>(string text, out T value);

    /// <summary>Reads a scalar with <paramref name="parse"/>; a value it refuses is reported as "must be <paramref name="expected"/>".</summary>
    private T? Scalar<T>(string key, bool required, ScalarParser<T> parse, string expected, string? hint = null)
        where T : struct
    {
        var node = required ? Require(key) : Get(key);
        if (node is null)
        {
            return null;
        }

        if (node is YamlScalarNode { Value: { } text } && parse(text, out var value))
        {
            return value;
        }

        _errors.Add(node, $"'{key}' in {_context} must be {expected}, not '{Describe(node)}'", hint);
        return null;
    }

    private static string Describe(YamlNode node) => node is YamlScalarNode scalar ? scalar.Value ?? string.Empty : node.NodeType.ToString().ToLowerInvariant();

    /// <summary>"did you mean" for a near miss (edit distance of at most 2), else the list of what is allowed.</summary>
    internal static string Suggest(string written, IReadOnlyCollection<string> allowed)
    {
        var best = allowed.MinBy(a => EditDistance(written.ToLowerInvariant(), a.ToLowerInvariant()));
        return best is not null && EditDistance(written.ToLowerInvariant(), best.ToLowerInvariant()) <= 2
            ? $"did you mean '{best}'?"
            : $"allowed here: {string.Join(", ", allowed)}";
    }

    private static int EditDistance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.Min(Math.Min(previous[j] + 1, current[j - 1] + 1), substitution);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}

using System.Globalization;
using System.Text;

namespace WebInfra.Monitoring.Metrics;

/// <summary>
/// Reads Prometheus' text exposition format (version 0.0.4), the format every component's <c>/metrics</c> writes:
/// <c>name{label="value",...} value [timestamp]</c> lines, <c># HELP</c> and <c># TYPE</c> comments. It is strict: a line
/// it cannot read fails the whole scrape with the line's number, so a dashboard never shows figures from half a page.
/// </summary>
internal static class PrometheusTextParser
{
    /// <summary>Every sample of <paramref name="text"/>, in order.</summary>
    /// <exception cref="FormatException">A line is not a comment, blank, or a well-formed sample.</exception>
    public static IReadOnlyList<MetricSample> Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var samples = new List<MetricSample>();
        var lineNumber = 0;
        foreach (var rawLine in text.AsSpan().EnumerateLines())
        {
            lineNumber++;
            var line = rawLine.TrimEnd();
            if (line.IsEmpty || line[0] == '#')
            {
                continue;
            }

            samples.Add(ParseSample(line.ToString(), lineNumber));
        }

        return samples;
    }

    private static MetricSample ParseSample(string line, int lineNumber)
    {
        var position = 0;
        var name = ReadName(line, ref position, allowColon: true)
            ?? throw Error(lineNumber, position, "a metric name");
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (position < line.Length && line[position] == '{')
        {
            position++;
            ReadLabels(line, ref position, labels, lineNumber);
        }

        if (position >= line.Length || line[position] != ' ')
        {
            throw Error(lineNumber, position, "a space before the value");
        }

        var fields = line[position..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length is 0 or > 2)
        {
            throw Error(lineNumber, position, "a value and at most a timestamp");
        }

        if (!TryParseValue(fields[0], out var value))
        {
            throw Error(lineNumber, position, $"a number, not '{fields[0]}'");
        }

        if (fields.Length == 2 && !long.TryParse(fields[1], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _))
        {
            throw Error(lineNumber, position, $"a timestamp in milliseconds, not '{fields[1]}'");
        }

        return new MetricSample(name, labels, value);
    }

    private static void ReadLabels(string line, ref int position, Dictionary<string, string> labels, int lineNumber)
    {
        while (true)
        {
            if (position < line.Length && line[position] == '}')
            {
                position++;
                return;
            }

            var labelName = ReadName(line, ref position, allowColon: false) ?? throw Error(lineNumber, position, "a label name or '}'");
            if (position + 1 >= line.Length || line[position] != '=' || line[position + 1] != '"')
            {
                throw Error(lineNumber, position, $"=\"...\" after label '{labelName}'");
            }

            position += 2;
            var value = ReadLabelValue(line, ref position, lineNumber);
            if (!labels.TryAdd(labelName, value))
            {
                throw Error(lineNumber, position, $"label '{labelName}' only once");
            }

            if (position < line.Length && line[position] == ',')
            {
                // A trailing comma before '}' is allowed, as Prometheus' own parser allows it.
                position++;
            }
            else if (position >= line.Length || line[position] != '}')
            {
                throw Error(lineNumber, position, "',' or '}' after a label value");
            }
        }
    }

    private static string ReadLabelValue(string line, ref int position, int lineNumber)
    {
        var value = new StringBuilder();
        while (position < line.Length)
        {
            var c = line[position++];
            if (c == '"')
            {
                return value.ToString();
            }

            if (c != '\\')
            {
                value.Append(c);
                continue;
            }

            if (position >= line.Length)
            {
                break;
            }

            value.Append(line[position++] switch
            {
                '\\' => '\\',
                '"' => '"',
                'n' => '\n',
                var other => throw Error(lineNumber, position - 1, $"\\\\, \\\" or \\n, not \\{other}"),
            });
        }

        throw Error(lineNumber, position, "a closing '\"' of the label value");
    }

    private static string? ReadName(string line, ref int position, bool allowColon)
    {
        var start = position;
        while (position < line.Length && IsNameChar(line[position], first: position == start, allowColon))
        {
            position++;
        }

        return position > start ? line[start..position] : null;
    }

    private static bool IsNameChar(char c, bool first, bool allowColon) =>
        char.IsAsciiLetter(c) || c == '_' || (allowColon && c == ':') || (!first && char.IsAsciiDigit(c));

    /// <summary>A sample value or an <c>le</c> bound: a decimal or exponent number, <c>+Inf</c>, <c>-Inf</c> or <c>NaN</c>.</summary>
    public static bool TryParseValue(string text, out double value)
    {
        ArgumentNullException.ThrowIfNull(text);
        switch (text)
        {
            case "+Inf" or "Inf":
                value = double.PositiveInfinity;
                return true;
            case "-Inf":
                value = double.NegativeInfinity;
                return true;
            case "NaN":
                value = double.NaN;
                return true;
            default:
                return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);
        }
    }

    private static FormatException Error(int lineNumber, int column, string expected) =>
        new(string.Create(CultureInfo.InvariantCulture, $"metrics line {lineNumber}, column {column + 1}: expected {expected}"));
}

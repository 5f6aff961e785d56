using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace WebInfra.App.Posts;

/// <summary>
/// The rules a post must meet, in one pure place (no I/O, no clock) that the JSON API and the HTML form both
/// use and that unit tests exercise without a server. It checks every field and reports every problem at
/// once rather than stopping at the first.
/// </summary>
/// <remarks>
/// Both fields are trimmed (Unicode white space) and must then be non-empty. Lengths count Unicode code
/// points, as MariaDB's <c>utf8mb4</c> <c>VARCHAR</c> does, so an emoji counts once. The author is at most
/// <see cref="MaxAuthorLength"/> characters and may contain no control characters or line/paragraph
/// separators. The body is at most <see cref="MaxBodyLength"/> characters after CRLF and CR become LF; LF is
/// its only allowed control character. Unpaired surrogates and invalid UTF-8 are rejected, since they cannot
/// be stored as text.
/// </remarks>
internal static class PostValidator
{
    public const string AuthorField = "author";
    public const string BodyField = "body";
    public const int MaxAuthorLength = 64;
    public const int MaxBodyLength = 2000;

    private const string ExpectedShape = """a JSON object such as {"author": "Ada", "body": "Hello"}""";

    /// <summary>Checks a JSON request body (UTF-8).</summary>
    public static PostValidationResult ValidateJson(ReadOnlySequence<byte> utf8Json)
    {
        if (utf8Json.IsEmpty)
        {
            return PostValidationResult.Malformed($"The request body is empty; send {ExpectedShape}.");
        }

        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        string? author = null;
        string? body = null;
        var reader = new Utf8JsonReader(utf8Json);
        try
        {
            reader.Read();
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                return PostValidationResult.Malformed($"The request body must be {ExpectedShape}, not a JSON {Describe(reader.TokenType)}.");
            }

            var authorSeen = false;
            var bodySeen = false;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                // Decoded before comparing: comparing an escaped name in place throws on an invalid escape.
                if (!TryGetString(ref reader, out var name))
                {
                    return PostValidationResult.Malformed("The request body has a property name that is not valid Unicode text (invalid UTF-8, or an unpaired surrogate escape).");
                }

                switch (name)
                {
                    case AuthorField:
                        author = ReadField(ref reader, AuthorField, ref authorSeen, errors);
                        break;
                    case BodyField:
                        body = ReadField(ref reader, BodyField, ref bodySeen, errors);
                        break;
                    default:
                        AddError(errors, name, $"'{name}' is not a property of a post; a post has only '{AuthorField}' and '{BodyField}'.");
                        reader.Skip();
                        break;
                }
            }

            // Anything but white space after the object makes this throw.
            reader.Read();
        }
        catch (JsonException ex)
        {
            return PostValidationResult.Malformed(DescribeMalformed(ex));
        }

        return Validate(author, body, errors);
    }

    /// <summary>Checks an author and body that arrived as text (the HTML form); null means the field was missing.</summary>
    public static PostValidationResult Validate(string? author, string? body) =>
        Validate(author, body, new Dictionary<string, string[]>(StringComparer.Ordinal));

    private static PostValidationResult Validate(string? author, string? body, Dictionary<string, string[]> errors)
    {
        // A field that already failed (wrong JSON type, duplicate) is not checked again: one cause, one message.
        if (!errors.ContainsKey(AuthorField))
        {
            author = Normalize(author, AuthorField, MaxAuthorLength, allowLineFeeds: false, errors);
        }

        if (!errors.ContainsKey(BodyField))
        {
            body = Normalize(body, BodyField, MaxBodyLength, allowLineFeeds: true, errors);
        }

        return errors.Count == 0
            ? PostValidationResult.Valid(new NewPost(author!, body!))
            : PostValidationResult.Invalid(errors);
    }

    /// <summary>
    /// Reads the value of a known property. Returns it when it is a string that decodes to text, and null when
    /// it is JSON null (reported as missing) or when an error was recorded for the field.
    /// </summary>
    private static string? ReadField(ref Utf8JsonReader reader, string field, ref bool seen, Dictionary<string, string[]> errors)
    {
        var duplicate = seen;
        seen = true;
        reader.Read();
        if (duplicate)
        {
            AddError(errors, field, $"The {field} is given more than once; give it once.");
            reader.Skip();
            return null;
        }

        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                if (TryGetString(ref reader, out var value))
                {
                    return value;
                }

                AddError(errors, field, $"The {field} is not valid Unicode text (invalid UTF-8, or an unpaired surrogate escape).");
                return null;

            case JsonTokenType.Null:
                // Left to Normalize, which reports it as missing.
                return null;

            default:
                AddError(errors, field, $"The {field} must be a JSON string, not a JSON {Describe(reader.TokenType)}.");
                reader.Skip();
                return null;
        }
    }

    // The reader checks structure, not the text inside strings; that is checked when a string is decoded.
    private static bool TryGetString(ref Utf8JsonReader reader, [NotNullWhen(true)] out string? value)
    {
        try
        {
            value = reader.GetString()!;
            return true;
        }
        catch (InvalidOperationException)
        {
            value = null;
            return false;
        }
    }

    private static string? Normalize(string? value, string field, int maxLength, bool allowLineFeeds, Dictionary<string, string[]> errors)
    {
        if (value is null)
        {
            AddError(errors, field, $"The {field} is required.");
            return null;
        }

        if (allowLineFeeds)
        {
            value = value.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');
        }

        value = value.Trim();
        if (value.Length == 0)
        {
            AddError(errors, field, $"The {field} must not be empty or only white space.");
            return null;
        }

        var length = 0;
        var forbidden = false;
        var unpaired = false;
        var text = value.AsSpan();
        while (!text.IsEmpty)
        {
            if (Rune.DecodeFromUtf16(text, out var rune, out var consumed) != OperationStatus.Done)
            {
                unpaired = true;
            }
            else if (IsForbidden(rune, allowLineFeeds))
            {
                forbidden = true;
            }

            length++;
            text = text[consumed..];
        }

        if (length > maxLength)
        {
            AddError(errors, field, string.Create(CultureInfo.InvariantCulture, $"The {field} must be at most {maxLength} characters; it has {length}."));
        }

        if (forbidden)
        {
            AddError(errors, field, allowLineFeeds
                ? $"The {field} must not contain control characters other than line breaks."
                : $"The {field} must not contain control characters or line breaks.");
        }

        if (unpaired)
        {
            AddError(errors, field, $"The {field} contains an unpaired surrogate, which is not valid Unicode text.");
        }

        return errors.ContainsKey(field) ? null : value;
    }

    private static bool IsForbidden(Rune rune, bool allowLineFeeds) => allowLineFeeds
        ? Rune.IsControl(rune) && rune.Value != '\n'
        : Rune.IsControl(rune) || Rune.GetUnicodeCategory(rune) is UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator;

    private static string DescribeMalformed(JsonException exception)
    {
        // The reader's message ends with its own 0-based position ("LineNumber: 0 | BytePositionInLine: 9.");
        // people count from 1, so keep the reason and say the position in those terms.
        var message = exception.Message;
        var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        var reason = cut > 0 ? message[..cut] : message;
        return exception is { LineNumber: { } line, BytePositionInLine: { } position }
            ? string.Create(CultureInfo.InvariantCulture, $"The request body is not valid JSON at line {line + 1}, position {position + 1} (bytes, counted from 1): {reason}")
            : $"The request body is not valid JSON: {reason}";
    }

    private static string Describe(JsonTokenType token) => token switch
    {
        JsonTokenType.StartArray => "array",
        JsonTokenType.StartObject => "object",
        JsonTokenType.String => "string",
        JsonTokenType.Number => "number",
        JsonTokenType.True or JsonTokenType.False => "boolean",
        _ => "null",
    };

    private static void AddError(Dictionary<string, string[]> errors, string key, string message) =>
        errors[key] = errors.TryGetValue(key, out var existing) ? [.. existing, message] : [message];
}

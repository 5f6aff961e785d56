using System.Buffers;
using System.Text;
using WebInfra.App.Posts;

namespace WebInfra.App.Tests.Posts;

public sealed class PostValidatorTests
{
    [Fact]
    public void Valid_post_is_accepted_as_given()
    {
        var result = ValidateJson("""{"author": "Ada", "body": "Hello, board."}""");

        Assert.True(result.IsValid);
        Assert.Equal(new NewPost("Ada", "Hello, board."), result.Post);
    }

    [Fact]
    public void Author_and_body_are_trimmed_of_unicode_white_space()
    {
        var result = PostValidator.Validate("\u00A0 Ada\u3000\t", "\n  Hello \u2003");

        Assert.Equal(new NewPost("Ada", "Hello"), result.Post);
    }

    [Fact]
    public void Missing_author_and_body_are_both_reported()
    {
        var errors = Errors(ValidateJson("{}"));

        Assert.Equal(["The author is required."], errors["author"]);
        Assert.Equal(["The body is required."], errors["body"]);
    }

    [Fact]
    public void Null_author_is_reported_as_missing()
    {
        var errors = Errors(ValidateJson("""{"author": null, "body": "Hi"}"""));

        Assert.Equal(["The author is required."], errors["author"]);
        Assert.False(errors.ContainsKey("body"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\u3000\u00A0")]
    public void Author_that_is_empty_or_white_space_is_rejected(string author)
    {
        var errors = Errors(PostValidator.Validate(author, "Hi"));

        Assert.Equal(["The author must not be empty or only white space."], errors["author"]);
    }

    [Fact]
    public void Author_of_one_character_is_accepted()
    {
        Assert.True(PostValidator.Validate("A", "Hi").IsValid);
    }

    [Fact]
    public void Author_of_64_characters_is_accepted()
    {
        Assert.True(PostValidator.Validate(new string('a', 64), "Hi").IsValid);
    }

    [Fact]
    public void Author_longer_than_64_characters_is_rejected()
    {
        var errors = Errors(PostValidator.Validate(new string('a', 65), "Hi"));

        Assert.Equal(["The author must be at most 64 characters; it has 65."], errors["author"]);
    }

    [Fact]
    public void Author_length_is_measured_after_trimming()
    {
        Assert.True(PostValidator.Validate("  " + new string('a', 64) + "  ", "Hi").IsValid);
    }

    [Fact]
    public void Author_of_64_emoji_is_accepted_because_length_counts_code_points()
    {
        var author = string.Concat(Enumerable.Repeat("😀", 64));

        var result = PostValidator.Validate(author, "Hi");

        Assert.Equal(128, author.Length);
        Assert.Equal(author, result.Post?.Author);
    }

    [Fact]
    public void Author_of_65_emoji_is_rejected()
    {
        var errors = Errors(PostValidator.Validate(string.Concat(Enumerable.Repeat("😀", 65)), "Hi"));

        Assert.Equal(["The author must be at most 64 characters; it has 65."], errors["author"]);
    }

    [Fact]
    public void Combining_marks_count_as_characters_of_their_own()
    {
        var author = string.Concat(Enumerable.Repeat("e\u0301", 33));

        var errors = Errors(PostValidator.Validate(author, "Hi"));

        Assert.Equal(["The author must be at most 64 characters; it has 66."], errors["author"]);
    }

    [Fact]
    public void Non_latin_author_is_accepted_unchanged()
    {
        Assert.Equal("Zoë 山田 Ωμέγα", PostValidator.Validate("Zoë 山田 Ωμέγα", "Hi").Post?.Author);
    }

    [Theory]
    [InlineData("Ada\nLovelace")]
    [InlineData("Ada\rLovelace")]
    [InlineData("Ada\tLovelace")]
    [InlineData("Ada\0")]
    [InlineData("Ada\u007F")]
    [InlineData("Ada\u0085x")]
    [InlineData("Ada\u001B[31m")]
    [InlineData("Ada\u2028Lovelace")]
    [InlineData("Ada\u2029Lovelace")]
    public void Author_with_control_characters_or_line_breaks_is_rejected(string author)
    {
        var errors = Errors(PostValidator.Validate(author, "Hi"));

        Assert.Equal(["The author must not contain control characters or line breaks."], errors["author"]);
    }

    [Fact]
    public void Author_with_an_unpaired_surrogate_is_rejected()
    {
        var errors = Errors(PostValidator.Validate("Ada\uD800", "Hi"));

        Assert.Equal(["The author contains an unpaired surrogate, which is not valid Unicode text."], errors["author"]);
    }

    [Fact]
    public void Author_that_breaks_several_rules_gets_every_reason()
    {
        var errors = Errors(PostValidator.Validate(new string('a', 70) + "\t" + "b", "Hi"));

        Assert.Equal(
            ["The author must be at most 64 characters; it has 72.", "The author must not contain control characters or line breaks."],
            errors["author"]);
    }

    [Fact]
    public void Body_of_one_character_is_accepted()
    {
        Assert.True(PostValidator.Validate("Ada", "x").IsValid);
    }

    [Fact]
    public void Body_of_2000_characters_is_accepted()
    {
        Assert.True(PostValidator.Validate("Ada", new string('x', 2000)).IsValid);
    }

    [Fact]
    public void Body_longer_than_2000_characters_is_rejected()
    {
        var errors = Errors(PostValidator.Validate("Ada", new string('x', 2001)));

        Assert.Equal(["The body must be at most 2000 characters; it has 2001."], errors["body"]);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" \r\n\t ")]
    public void Body_that_is_empty_or_white_space_is_rejected(string body)
    {
        var errors = Errors(PostValidator.Validate("Ada", body));

        Assert.Equal(["The body must not be empty or only white space."], errors["body"]);
    }

    [Fact]
    public void Body_keeps_inner_line_breaks_as_line_feeds()
    {
        var result = PostValidator.Validate("Ada", "one\r\ntwo\rthree\nfour");

        Assert.Equal("one\ntwo\nthree\nfour", result.Post?.Body);
    }

    [Fact]
    public void Body_length_counts_a_crlf_as_one_character()
    {
        var body = string.Concat(Enumerable.Repeat("a\r\n", 999)) + "ab";

        var result = PostValidator.Validate("Ada", body);

        Assert.Equal(2000, result.Post?.Body.Length);
    }

    [Theory]
    [InlineData("tab\there")]
    [InlineData("nul\0here")]
    [InlineData("bell\u0007")]
    [InlineData("escape\u001B[2J")]
    [InlineData("next\u0085line")]
    [InlineData("form\ffeed")]
    public void Body_with_control_characters_other_than_line_breaks_is_rejected(string body)
    {
        var errors = Errors(PostValidator.Validate("Ada", body));

        Assert.Equal(["The body must not contain control characters other than line breaks."], errors["body"]);
    }

    [Fact]
    public void Body_may_contain_markup_which_is_stored_as_text()
    {
        Assert.Equal("<script>alert(1)</script>", PostValidator.Validate("Ada", "<script>alert(1)</script>").Post?.Body);
    }

    [Fact]
    public void Unknown_properties_are_each_named()
    {
        var errors = Errors(ValidateJson("""{"author": "Ada", "body": "Hi", "title": "x", "tags": ["a", {"b": [1]}]}"""));

        Assert.Equal(["title", "tags"], errors.Keys);
        Assert.Equal(["'title' is not a property of a post; a post has only 'author' and 'body'."], errors["title"]);
    }

    [Fact]
    public void Property_names_are_case_sensitive()
    {
        var errors = Errors(ValidateJson("""{"Author": "Ada", "body": "Hi"}"""));

        Assert.Equal(["'Author' is not a property of a post; a post has only 'author' and 'body'."], errors["Author"]);
        Assert.Equal(["The author is required."], errors["author"]);
    }

    [Fact]
    public void Escaped_property_names_are_recognised()
    {
        Assert.True(ValidateJson("""{"\u0061uthor": "Ada", "body": "Hi"}""").IsValid);
    }

    [Fact]
    public void Escaped_values_are_decoded_before_the_rules_apply()
    {
        var errors = Errors(ValidateJson("""{"author": "Ada\u0007", "body": "a\nb"}"""));

        Assert.Equal(["author"], errors.Keys);
    }

    [Fact]
    public void Property_given_twice_is_rejected()
    {
        var errors = Errors(ValidateJson("""{"author": "Ada", "author": "Eve", "body": "Hi"}"""));

        Assert.Equal(["The author is given more than once; give it once."], errors["author"]);
    }

    [Theory]
    [InlineData("42", "number")]
    [InlineData("true", "boolean")]
    [InlineData("[\"Ada\"]", "array")]
    [InlineData("{\"name\": \"Ada\"}", "object")]
    public void Author_that_is_not_a_json_string_is_rejected(string value, string kind)
    {
        var errors = Errors(ValidateJson($$"""{"author": {{value}}, "body": "Hi"}"""));

        Assert.Equal([$"The author must be a JSON string, not a JSON {kind}."], errors["author"]);
    }

    [Fact]
    public void Value_with_invalid_utf8_is_rejected()
    {
        var json = Encoding.UTF8.GetBytes("""{"author": "Ada", "body": "XX"}""");
        json[^3] = 0xFF;
        json[^4] = 0xFE;

        var errors = Errors(PostValidator.ValidateJson(new ReadOnlySequence<byte>(json)));

        Assert.Equal(["The body is not valid Unicode text (invalid UTF-8, or an unpaired surrogate escape)."], errors["body"]);
    }

    [Fact]
    public void Value_with_an_unpaired_surrogate_escape_is_rejected()
    {
        var errors = Errors(ValidateJson("""{"author": "Ada\ud800", "body": "Hi"}"""));

        Assert.Equal(["The author is not valid Unicode text (invalid UTF-8, or an unpaired surrogate escape)."], errors["author"]);
    }

    [Fact]
    public void Property_name_with_invalid_utf8_is_malformed()
    {
        var json = Encoding.UTF8.GetBytes("""{"author": "Ada", "body": "Hi", "XX": 1}""");
        json[^6] = 0xC3;
        json[^7] = 0xFF;

        Assert.Equal(
            "The request body has a property name that is not valid Unicode text (invalid UTF-8, or an unpaired surrogate escape).",
            PostValidator.ValidateJson(new ReadOnlySequence<byte>(json)).MalformedDetail);
    }

    [Fact]
    public void Property_name_with_an_unpaired_surrogate_escape_is_malformed()
    {
        Assert.StartsWith("The request body has a property name that is not valid Unicode text", ValidateJson("""{"\udc00": 1}""").MalformedDetail, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_property_nested_deeper_than_64_levels_is_malformed()
    {
        var json = "{\"x\": " + new string('[', 100) + new string(']', 100) + "}";

        Assert.StartsWith("The request body is not valid JSON at line 1, position ", ValidateJson(json).MalformedDetail, StringComparison.Ordinal);
    }

    [Fact]
    public void Surrogate_pair_escape_is_decoded_to_one_character()
    {
        Assert.Equal("😀", ValidateJson("""{"author": "\ud83d\ude00", "body": "Hi"}""").Post?.Author);
    }

    [Fact]
    public void Malformed_json_is_reported_with_its_line_and_position()
    {
        var result = ValidateJson("{\"author\": \"Ada\",\n  \"body\" \"Hi\"}");

        Assert.Null(result.Errors);
        Assert.StartsWith("The request body is not valid JSON at line 2, position 10 (bytes, counted from 1): ", result.MalformedDetail);
        Assert.DoesNotContain("LineNumber", result.MalformedDetail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"author\": \"Ada\", \"body\": \"Hi\",}", 1, 32)]
    [InlineData("{\"author\": \"Ada\", \"body\": \"Hi\"} {}", 1, 33)]
    [InlineData("{\"author\": 'Ada'}", 1, 12)]
    [InlineData("{\"author\": \"Ada\"", 1, 17)]
    [InlineData("   ", 1, 4)]
    public void Malformed_json_position_points_at_the_fault(string json, int line, int position)
    {
        var detail = ValidateJson(json).MalformedDetail;

        Assert.Contains($"at line {line}, position {position} ", detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Empty_body_is_malformed()
    {
        Assert.Equal(
            """The request body is empty; send a JSON object such as {"author": "Ada", "body": "Hello"}.""",
            PostValidator.ValidateJson(ReadOnlySequence<byte>.Empty).MalformedDetail);
    }

    [Theory]
    [InlineData("[]", "array")]
    [InlineData("\"Ada\"", "string")]
    [InlineData("null", "null")]
    [InlineData("7", "number")]
    public void Body_that_is_not_a_json_object_is_malformed(string json, string kind)
    {
        Assert.Equal(
            $$"""The request body must be a JSON object such as {"author": "Ada", "body": "Hello"}, not a JSON {{kind}}.""",
            ValidateJson(json).MalformedDetail);
    }

    [Fact]
    public void Json_split_across_buffer_segments_is_read_whole()
    {
        var bytes = Encoding.UTF8.GetBytes("""{"author": "Zoë", "body": "😀 across segments"}""");
        var first = new Segment(bytes.AsMemory(0, 15));
        var last = first.Append(bytes.AsMemory(15));

        var result = PostValidator.ValidateJson(new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length));

        Assert.Equal(new NewPost("Zoë", "😀 across segments"), result.Post);
    }

    private static PostValidationResult ValidateJson(string json) =>
        PostValidator.ValidateJson(new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(json)));

    private static IReadOnlyDictionary<string, string[]> Errors(PostValidationResult result)
    {
        Assert.False(result.IsValid);
        Assert.NotNull(result.Errors);
        return result.Errors;
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory) => Memory = memory;

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory) { RunningIndex = RunningIndex + Memory.Length };
            Next = next;
            return next;
        }
    }
}

using WebInfra.App.Posts;
using WebInfra.App.Rendering;

namespace WebInfra.App.Tests.Rendering;

public sealed class BoardPageTests
{
    private const string Hostile = "<script>alert(\"x\")</script><img src=x onerror='alert(1)'>&amp;";

    private static readonly DateTime s_createdAt = new(2026, 3, 4, 5, 6, 7, DateTimeKind.Utc);

    [Theory]
    [InlineData("<title>www.foobar.com · Message board</title>")]
    [InlineData("<h1>www.foobar.com</h1>")]
    [InlineData("<link rel=\"stylesheet\" href=\"/static/css/site.css\">")]
    [InlineData("<script src=\"/static/js/board.js\" defer></script>")]
    [InlineData("<img class=\"logo\" src=\"/static/img/logo.png\"")]
    [InlineData("<form class=\"post-form\" id=\"post-form\" method=\"post\" action=\"/\">")]
    [InlineData("<input id=\"author\" name=\"author\" maxlength=\"64\"")]
    [InlineData("<textarea id=\"body\" name=\"body\" rows=\"4\" maxlength=\"2000\"")]
    [InlineData("<p class=\"empty\" id=\"posts-empty\">No posts yet.")]
    public void Page_names_the_site_links_its_static_files_and_posts_its_form_to_itself(string fragment)
    {
        Assert.Contains(fragment, BoardPage.Render("www.foobar.com", []), StringComparison.Ordinal);
    }

    [Fact]
    public void Posts_are_listed_in_the_order_given_with_author_time_and_body()
    {
        var html = BoardPage.Render("www.foobar.com", [new Post(2, "Eve", "Second", s_createdAt), new Post(1, "Ada", "First", s_createdAt)]);

        Assert.Contains(
            "<li class=\"post\" id=\"post-2\">\n<p class=\"post-meta\"><span class=\"post-author\">Eve</span> "
            + "<time datetime=\"2026-03-04T05:06:07.000000Z\">2026-03-04 05:06 UTC</time></p>\n<p class=\"post-body\">Second</p>\n</li>",
            html,
            StringComparison.Ordinal);
        Assert.True(html.IndexOf("post-2", StringComparison.Ordinal) < html.IndexOf("post-1", StringComparison.Ordinal));
        Assert.Contains("id=\"posts-empty\" hidden>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Hostile_author_and_body_are_encoded()
    {
        var html = BoardPage.Render("www.foobar.com", [new Post(1, Hostile, Hostile, s_createdAt)]);

        AssertNoMarkupFrom(html);
        Assert.Contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Hostile_site_name_is_encoded()
    {
        var html = BoardPage.Render(Hostile, []);

        AssertNoMarkupFrom(html);
        Assert.DoesNotContain("<title><", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Hostile_form_values_and_errors_are_encoded()
    {
        var form = new PostForm("\"><script>x</script>", "</textarea>" + Hostile, new Dictionary<string, string[]>
        {
            ["author"] = [Hostile],
            ["body"] = ["The body must be at most 2000 characters; it has 2001."],
        });

        var html = BoardPage.Render("www.foobar.com", [], form);

        AssertNoMarkupFrom(html);
        Assert.Single(AllIndexesOf(html, "</textarea>"));
        Assert.Contains("value=\"&quot;&gt;&lt;script&gt;x&lt;/script&gt;\" aria-invalid=\"true\">", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Rejected_form_shows_each_fields_errors_next_to_it()
    {
        var form = new PostForm("Ada", "", new Dictionary<string, string[]> { ["body"] = ["The body is required."] });

        var html = BoardPage.Render("www.foobar.com", [], form);

        Assert.Contains("<p class=\"field-error\" id=\"body-error\">The body is required.</p>", html, StringComparison.Ordinal);
        Assert.Contains("<p class=\"field-error\" id=\"author-error\" hidden></p>", html, StringComparison.Ordinal);
        Assert.Contains("value=\"Ada\">", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Non_ascii_text_is_kept_readable_and_emoji_become_character_references()
    {
        var html = BoardPage.Render("www.foobar.com", [new Post(1, "Zoë 山田", "😀 Grüße", s_createdAt)]);

        Assert.Contains(">Zoë 山田<", html, StringComparison.Ordinal);
        Assert.Contains(">&#x1F600; Grüße<", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Unavailable_page_explains_and_shows_no_form()
    {
        var html = BoardPage.RenderUnavailable("www.foobar.com");

        Assert.Contains("cannot reach its database", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<form", html, StringComparison.Ordinal);
    }

    // Only the page's own markup may appear: one script element, and no tag or attribute from the input.
    private static void AssertNoMarkupFrom(string html)
    {
        Assert.Single(AllIndexesOf(html, "<script"));
        Assert.DoesNotContain("<img src=x", html, StringComparison.Ordinal);
        Assert.DoesNotContain("onerror='", html, StringComparison.Ordinal);
        Assert.DoesNotContain("alert(\"", html, StringComparison.Ordinal);
    }

    private static List<int> AllIndexesOf(string text, string value)
    {
        var indexes = new List<int>();
        for (var i = text.IndexOf(value, StringComparison.Ordinal); i >= 0; i = text.IndexOf(value, i + 1, StringComparison.Ordinal))
        {
            indexes.Add(i);
        }

        return indexes;
    }
}

using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using WebInfra.App.Posts;

namespace WebInfra.App.Rendering;

/// <summary>
/// Renders the board's HTML. Every piece of text that came from a visitor or from configuration goes through
/// an HTML encoder, so a post cannot inject markup or script. The markup of a post matches what
/// <c>/static/js/board.js</c> builds for a post it has just created; change both together.
/// </summary>
internal static class BoardPage
{
    public const string ContentType = "text/html; charset=utf-8";

    // Leaves text of the Basic Multilingual Plane readable in the source; markup characters are still encoded,
    // and characters beyond it (emoji) become numeric references, which browsers show the same.
    private static readonly HtmlEncoder s_encoder = HtmlEncoder.Create(UnicodeRanges.All);

    /// <summary>The page with the newest posts and the form, refilled with <paramref name="form"/> after a rejected post.</summary>
    public static string Render(string siteName, IReadOnlyList<Post> posts, PostForm? form = null)
    {
        var html = new StringBuilder(2048 + (posts.Count * 512));
        AppendHeader(html, siteName);
        AppendForm(html, form);
        html.Append("""
            <section class="posts" aria-labelledby="posts-heading">
            <h2 id="posts-heading">Latest posts</h2>

            """);
        html.Append(posts.Count == 0
            ? "<p class=\"empty\" id=\"posts-empty\">No posts yet. Be the first.</p>\n"
            : "<p class=\"empty\" id=\"posts-empty\" hidden>No posts yet. Be the first.</p>\n");
        html.Append("<ol class=\"post-list\" id=\"posts\">\n");
        foreach (var post in posts)
        {
            AppendPost(html, post);
        }

        html.Append("</ol>\n</section>\n");
        AppendFooter(html);
        return html.ToString();
    }

    /// <summary>The page shown instead of the board while the database cannot be reached.</summary>
    public static string RenderUnavailable(string siteName)
    {
        var html = new StringBuilder(1024);
        AppendHeader(html, siteName);
        html.Append("<p class=\"notice\" role=\"alert\">The board cannot reach its database right now. Try again in a few seconds.</p>\n");
        AppendFooter(html);
        return html.ToString();
    }

    private static void AppendHeader(StringBuilder html, string siteName)
    {
        html.Append("""
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>
            """);
        AppendEncoded(html, siteName);
        html.Append("""
             · Message board</title>
            <link rel="stylesheet" href="/static/css/site.css">
            <link rel="icon" href="/favicon.ico">
            <script src="/static/js/board.js" defer></script>
            </head>
            <body>
            <header class="site-header">
            <img class="logo" src="/static/img/logo.png" alt="" width="48" height="48">
            <h1>
            """);
        AppendEncoded(html, siteName);
        html.Append("</h1>\n</header>\n<main>\n");
    }

    private static void AppendFooter(StringBuilder html) => html.Append("</main>\n</body>\n</html>\n");

    private static void AppendForm(StringBuilder html, PostForm? form)
    {
        var authorErrors = ErrorsFor(form, PostValidator.AuthorField);
        var bodyErrors = ErrorsFor(form, PostValidator.BodyField);
        html.Append("""
            <form class="post-form" id="post-form" method="post" action="/">
            <p class="form-error" id="form-error" role="alert" hidden></p>
            <div class="field">
            <label for="author">Name</label>
            <input id="author" name="author" maxlength="64" required autocomplete="nickname" aria-describedby="author-error" value="
            """);
        AppendEncoded(html, form?.Author ?? string.Empty);
        html.Append('"').Append(InvalidAttribute(authorErrors)).Append(">\n");
        AppendFieldError(html, PostValidator.AuthorField, authorErrors);
        html.Append("""
            </div>
            <div class="field">
            <label for="body">Message</label>
            <textarea id="body" name="body" rows="4" maxlength="2000" required aria-describedby="body-error"
            """);

        // HTML drops one newline right after <textarea>; writing it keeps a leading newline of the text.
        html.Append(InvalidAttribute(bodyErrors)).Append(">\n");
        AppendEncoded(html, form?.Body ?? string.Empty);
        html.Append("</textarea>\n");
        AppendFieldError(html, PostValidator.BodyField, bodyErrors);
        html.Append("""
            </div>
            <button type="submit">Post</button>
            </form>

            """);
    }

    private static string[] ErrorsFor(PostForm? form, string field) =>
        form is not null && form.Errors.TryGetValue(field, out var messages) ? messages : [];

    private static string InvalidAttribute(string[] errors) => errors.Length > 0 ? " aria-invalid=\"true\"" : string.Empty;

    private static void AppendFieldError(StringBuilder html, string field, string[] errors)
    {
        html.Append("<p class=\"field-error\" id=\"").Append(field).Append(errors.Length > 0 ? "-error\">" : "-error\" hidden>");
        AppendEncoded(html, string.Join(" ", errors));
        html.Append("</p>\n");
    }

    private static void AppendPost(StringBuilder html, Post post)
    {
        html.Append(CultureInfo.InvariantCulture, $"<li class=\"post\" id=\"post-{post.Id}\">\n<p class=\"post-meta\"><span class=\"post-author\">");
        AppendEncoded(html, post.Author);
        html.Append(CultureInfo.InvariantCulture, $"</span> <time datetime=\"{post.CreatedAt:yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'ffffff'Z'}\">{post.CreatedAt:yyyy'-'MM'-'dd HH':'mm} UTC</time></p>\n<p class=\"post-body\">");
        AppendEncoded(html, post.Body);
        html.Append("</p>\n</li>\n");
    }

    // Encode returns its argument unchanged when nothing needs encoding, so ordinary text costs no allocation.
    private static void AppendEncoded(StringBuilder html, string text) => html.Append(s_encoder.Encode(text));
}

using System.Buffers;
using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;
using WebInfra.App.Posts;
using WebInfra.App.Rendering;
using WebInfra.App.Storage;

namespace WebInfra.App.Endpoints;

/// <summary>
/// The board's page at <c>/</c>. <c>GET</c> renders the newest posts. <c>POST</c> takes the form as a browser
/// without JavaScript sends it, so the board works without the script: a valid post is stored and the browser
/// is sent back to the page (post/redirect/get), an invalid one gets the page again with the reasons.
/// </summary>
internal sealed class BoardPageEndpoints
{
    /// <summary>
    /// The query parameter that carries the id of the post a form submission just created, so the page can
    /// show it even when the replica it reads from has not received it yet.
    /// </summary>
    public const string PostedParameter = "posted";

    // The page loads only its own script, style and images, and may be posted only to itself.
    private const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

    private readonly PostStore _store;
    private readonly string _siteName;
    private readonly Func<HttpContext, IResult> _unavailable;

    public BoardPageEndpoints(PostStore store, IOptions<MessageBoardOptions> options)
    {
        _store = store;
        _siteName = options.Value.SiteName;
        _unavailable = context => Page(context, BoardPage.RenderUnavailable(_siteName), StatusCodes.Status503ServiceUnavailable);
    }

    /// <summary><c>GET /</c>: the page with the newest posts.</summary>
    public Task GetAsync(HttpContext context) => ResponseWriter.WriteAsync(context, GetCoreAsync(context), _unavailable);

    /// <summary><c>POST /</c>: a form submission from a browser without JavaScript.</summary>
    public Task PostAsync(HttpContext context) => ResponseWriter.WriteAsync(context, PostCoreAsync(context), _unavailable);

    private async Task<IResult> GetCoreAsync(HttpContext context)
    {
        var knownPostId = PostId.TryParse(context.Request.Query[PostedParameter], out var id, out _) ? id : 0;
        var posts = await _store.GetLatestAsync(PostLimit.Default, knownPostId, ReadYourWrites.From(context.Request), context.RequestAborted);
        return Page(context, BoardPage.Render(_siteName, posts), StatusCodes.Status200OK);
    }

    private async Task<IResult> PostCoreAsync(HttpContext context)
    {
        var request = context.Request;
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var mediaType)
            || !mediaType.MediaType.Equals("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase))
        {
            return Problems.UnsupportedMediaType("application/x-www-form-urlencoded", request.ContentType);
        }

        var (form, problem) = await RequestBody.ReadAsync(request, ReadForm, context.RequestAborted);
        if (form is null)
        {
            return problem!;
        }

        var author = First(form.GetValueOrDefault(PostValidator.AuthorField));
        var body = First(form.GetValueOrDefault(PostValidator.BodyField));
        var validation = PostValidator.Validate(author, body);
        if (!validation.IsValid)
        {
            var posts = await _store.GetLatestAsync(PostLimit.Default, knownPostId: 0, ReadYourWrites.From(context.Request), context.RequestAborted);
            var refill = new PostForm(author ?? string.Empty, body ?? string.Empty, validation.Errors!);
            return Page(context, BoardPage.Render(_siteName, posts, refill), StatusCodes.Status400BadRequest);
        }

        var (post, gtid) = await _store.CreateAsync(validation.Post, context.RequestAborted);
        ReadYourWrites.Remember(context.Response, gtid);

        // 303 makes the browser GET the page, so reloading it does not post again.
        context.Response.Headers.Location = string.Create(CultureInfo.InvariantCulture, $"/?{PostedParameter}={post.Id}#post-{post.Id}");
        return TypedResults.StatusCode(StatusCodes.Status303SeeOther);
    }

    private static ContentHttpResult Page(HttpContext context, string html, int statusCode)
    {
        var headers = context.Response.Headers;
        headers.CacheControl = "no-cache";
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
        return TypedResults.Content(html, BoardPage.ContentType, Encoding.UTF8, statusCode);
    }

    /// <summary>Decodes an <c>application/x-www-form-urlencoded</c> body (UTF-8).</summary>
    public static Dictionary<string, StringValues> ReadForm(ReadOnlySequence<byte> body)
    {
        // The reader's own count and length limits would throw (a 500) on a body that is merely silly; the
        // 16 KiB body limit already bounds the work, so they are lifted.
        using var reader = new FormReader(Encoding.UTF8.GetString(body))
        {
            ValueCountLimit = int.MaxValue,
            KeyLengthLimit = int.MaxValue,
            ValueLengthLimit = int.MaxValue,
        };
        return reader.ReadForm();
    }

    private static string? First(StringValues values) => values.Count > 0 ? values[0] : null;
}

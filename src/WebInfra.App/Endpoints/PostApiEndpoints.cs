using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using WebInfra.App.Posts;
using WebInfra.App.Serialization;
using WebInfra.App.Storage;

namespace WebInfra.App.Endpoints;

/// <summary>
/// The JSON API under <c>/api/posts</c>, which the page's script and other clients use. Bad input of any kind
/// is answered with a 4xx problem-details body that says what is wrong; only a bug gives a 500.
/// </summary>
internal sealed class PostApiEndpoints
{
    private static readonly Func<HttpContext, IResult> s_databaseUnavailable = _ => Problems.DatabaseUnavailable();

    private readonly PostStore _store;

    public PostApiEndpoints(PostStore store)
    {
        _store = store;
    }

    /// <summary>
    /// <c>POST /api/posts</c>: 201 with the stored post, its <c>Location</c> and the write's GTID (header and cookie, see
    /// <see cref="ReadYourWrites"/>); 400, 413 or 415 problems otherwise.
    /// </summary>
    public Task CreateAsync(HttpContext context) => ResponseWriter.WriteAsync(context, CreateCoreAsync(context), s_databaseUnavailable);

    /// <summary><c>GET /api/posts?limit=N</c>: the newest posts, newest first.</summary>
    public Task ListAsync(HttpContext context) => ResponseWriter.WriteAsync(context, ListCoreAsync(context), s_databaseUnavailable);

    /// <summary>
    /// <c>GET /api/posts/{id}</c>: 200 with the post, 404 when no post has the id, and 400 when the id is not a
    /// whole number from 1 to 2^64-1 (see <see cref="PostId"/>).
    /// </summary>
    public Task GetAsync(HttpContext context) => ResponseWriter.WriteAsync(context, GetCoreAsync(context), s_databaseUnavailable);

    private async Task<IResult> CreateCoreAsync(HttpContext context)
    {
        var request = context.Request;
        if (!request.HasJsonContentType())
        {
            return Problems.UnsupportedMediaType("application/json", request.ContentType);
        }

        var (validation, problem) = await RequestBody.ReadAsync(request, PostValidator.ValidateJson, context.RequestAborted);
        if (validation is null)
        {
            return problem!;
        }

        if (!validation.IsValid)
        {
            return validation.Errors is { } errors ? Problems.Invalid(errors) : Problems.Malformed(validation.MalformedDetail!);
        }

        var (post, gtid) = await _store.CreateAsync(validation.Post, context.RequestAborted);
        context.Response.Headers.Location = string.Create(CultureInfo.InvariantCulture, $"/api/posts/{post.Id}");
        ReadYourWrites.Remember(context.Response, gtid);
        return TypedResults.Json(post, MessageBoardJsonContext.Default.Post, statusCode: StatusCodes.Status201Created);
    }

    private async Task<IResult> ListCoreAsync(HttpContext context)
    {
        if (!PostLimit.TryParse(context.Request.Query[PostLimit.ParameterName], out var limit, out var error))
        {
            return Problems.Invalid(PostLimit.ParameterName, error);
        }

        var posts = await _store.GetLatestAsync(limit, knownPostId: 0, ReadYourWrites.From(context.Request), context.RequestAborted);
        context.Response.Headers.CacheControl = "no-cache";
        return TypedResults.Json(posts, MessageBoardJsonContext.Default.IReadOnlyListPost);
    }

    private async Task<IResult> GetCoreAsync(HttpContext context)
    {
        if (!PostId.TryParse(context.GetRouteValue(PostId.ParameterName) as string, out var id, out var error))
        {
            return Problems.Invalid(PostId.ParameterName, error);
        }

        var post = await _store.FindAsync(id, ReadYourWrites.From(context.Request), context.RequestAborted);
        return post is null ? Problems.PostNotFound(id) : TypedResults.Json(post, MessageBoardJsonContext.Default.Post);
    }
}

using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using WebInfra.App.Endpoints;
using WebInfra.App.Posts;
using WebInfra.Hosting.Metrics;

namespace WebInfra.App;

/// <summary>
/// Maps the message board's endpoints onto the host's routes, kept apart from service registration so that the
/// host decides where in its pipeline they sit. Static files (<c>/static/*</c>) are not mapped: the web tier
/// serves them from <c>site/</c>.
/// </summary>
public static class MessageBoardEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps <c>GET /</c> and <c>POST /</c> (the page and its script-free form), <c>POST /api/posts</c>,
    /// <c>GET /api/posts</c> and <c>GET /api/posts/{id}</c>. Requires
    /// <see cref="MessageBoardServiceCollectionExtensions.AddMessageBoard"/>.
    /// </summary>
    /// <param name="endpoints">The host's route builder, usually the <c>WebApplication</c>.</param>
    /// <returns><paramref name="endpoints"/>, for chaining.</returns>
    /// <exception cref="InvalidOperationException">AddMessageBoard was not called.</exception>
    public static IEndpointRouteBuilder MapMessageBoard(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);

        var page = endpoints.ServiceProvider.GetService<BoardPageEndpoints>();
        var api = endpoints.ServiceProvider.GetService<PostApiEndpoints>();
        if (page is null || api is null)
        {
            throw new InvalidOperationException(
                $"MapMessageBoard needs the message board's services: call services.{nameof(MessageBoardServiceCollectionExtensions.AddMessageBoard)}(...) when building the host.");
        }

        endpoints.MapGet("/", new RequestDelegate(page.GetAsync)).WithMetadata(RequestClass.Page);
        endpoints.MapPost("/", new RequestDelegate(page.PostAsync)).WithMetadata(RequestClass.Page);
        endpoints.MapPost("/api/posts", new RequestDelegate(api.CreateAsync)).WithMetadata(RequestClass.Api);
        endpoints.MapGet("/api/posts", new RequestDelegate(api.ListAsync)).WithMetadata(RequestClass.Api);
        endpoints.MapGet("/api/posts/{" + PostId.ParameterName + "}", new RequestDelegate(api.GetAsync)).WithMetadata(RequestClass.Api);
        return endpoints;
    }
}

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using WebInfra.App.Diagnostics;
using WebInfra.App.Endpoints;
using WebInfra.App.Storage;

namespace WebInfra.App;

/// <summary>
/// Registers the message board's services, so that a host only has to say where the databases are; the
/// endpoints are added separately by <see cref="MessageBoardEndpointRouteBuilderExtensions.MapMessageBoard"/>.
/// </summary>
public static class MessageBoardServiceCollectionExtensions
{
    /// <summary>
    /// Adds the message board: its options (validated when the host starts, naming whatever is missing), the
    /// connection pools of every database node, the background service that watches which node is primary and
    /// which replicas may take reads, and the endpoint handlers. Expects logging from the host and uses
    /// <see cref="TimeProvider.System"/> unless a <see cref="TimeProvider"/> is already registered.
    /// </summary>
    /// <param name="services">The host's services.</param>
    /// <param name="configure">Fills in <see cref="MessageBoardOptions"/>.</param>
    /// <returns><paramref name="services"/>, for chaining.</returns>
    public static IServiceCollection AddMessageBoard(this IServiceCollection services, Action<MessageBoardOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);

        services.AddDatabaseCluster(configure);
        services.AddMetrics();
        services.TryAddSingleton<MessageBoardMetrics>();
        services.TryAddSingleton<PostStore>();
        services.TryAddSingleton<PostApiEndpoints>();
        services.TryAddSingleton<BoardPageEndpoints>();
        return services;
    }
}

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using WebInfra.App.Configuration;

namespace WebInfra.App.Storage;

/// <summary>
/// Registers what an application server knows of the database cluster: every node's pools and the view of which node
/// is primary and which replicas take reads, observed in the background. The message board and the database endpoints
/// of the user's application both route by it.
/// </summary>
internal static class DatabaseClusterServiceCollectionExtensions
{
    public static IServiceCollection AddDatabaseCluster(this IServiceCollection services, Action<MessageBoardOptions> configure)
    {
        services.AddOptions<MessageBoardOptions>().Configure(configure).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<MessageBoardOptions>, MessageBoardOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<MessageBoardDatabase>();
        services.TryAddSingleton<DatabaseClusterView>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, DatabaseClusterObserver>());
        return services;
    }
}

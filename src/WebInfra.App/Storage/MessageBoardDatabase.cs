using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MySqlConnector;

namespace WebInfra.App.Storage;

/// <summary>
/// The primary and the replicas, each with one connection pool that lives as long as the app. The options
/// are turned into pools once, here, so the request path only reads settled values.
/// </summary>
internal sealed class MessageBoardDatabase : IAsyncDisposable
{
    public MessageBoardDatabase(IOptions<MessageBoardOptions> options, TimeProvider timeProvider, ILoggerFactory loggerFactory)
    {
        var settings = options.Value;
        Primary = CreateServer(settings.PrimaryConnectionString, DatabaseRole.Primary, timeProvider, loggerFactory);
        Replicas = [.. settings.ReplicaConnectionStrings.Select(cs => CreateServer(cs, DatabaseRole.Replica, timeProvider, loggerFactory))];
    }

    public DatabaseServer Primary { get; }

    public IReadOnlyList<DatabaseServer> Replicas { get; }

    public async ValueTask DisposeAsync()
    {
        await Primary.DisposeAsync();
        foreach (var replica in Replicas)
        {
            await replica.DisposeAsync();
        }
    }

    private static DatabaseServer CreateServer(string connectionString, DatabaseRole role, TimeProvider timeProvider, ILoggerFactory loggerFactory)
    {
        var builder = new MySqlDataSourceBuilder(connectionString);

        // created_at is written as UTC_TIMESTAMP(6); reading it back as UTC makes the JSON end in 'Z'.
        builder.ConnectionStringBuilder.DateTimeKind = MySqlDateTimeKind.Utc;

        var name = $"{builder.ConnectionStringBuilder.Server}:{builder.ConnectionStringBuilder.Port}";
        var dataSource = builder
            .UseName($"WebInfra.App {role} {name}")
            .UseLoggerFactory(loggerFactory)
            .Build();
        return new DatabaseServer(name, role, dataSource, timeProvider);
    }
}

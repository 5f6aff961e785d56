using System.Net.Http.Json;
using WebInfra.Hosting.Administration;
using WebInfra.Topology.Model;

namespace WebInfra.Cli.Supervision;

/// <summary>
/// The CLI's side of every component's admin listener: its address, and a read that treats a component that does not
/// answer as absent rather than as an error, since status and drain must work while parts of the site are down.
/// </summary>
internal static class AdminHttp
{
    /// <summary>For quick reads and commands; a new connection each time, as a killed component leaves stale ones.</summary>
    public static HttpClient Client { get; } = new(new SocketsHttpHandler { UseProxy = false, PooledConnectionLifetime = TimeSpan.Zero })
    {
        Timeout = TimeSpan.FromSeconds(2),
    };

    /// <summary>The URI of <paramref name="path"/> on <paramref name="component"/>'s admin listener.</summary>
    public static Uri UriOf(Component component, string path) =>
        new($"http://{component.AdminEndPoint ?? throw new InvalidOperationException($"{component.Name} has no admin listener")}{path}");

    /// <summary>The JSON at <paramref name="path"/>, or null when the admin listener does not answer.</summary>
    public static async Task<T?> GetOrNullAsync<T>(Component component, string path, CancellationToken cancellationToken)
        where T : class
    {
        try
        {
            return await Client.GetFromJsonAsync<T>(UriOf(component, path), AdminJson.Options, cancellationToken);
        }
        catch (Exception e) when (e is HttpRequestException || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return null;
        }
    }
}

using WebInfra.Hosting.Health;
using WebInfra.Topology.Model;

namespace WebInfra.Cli.Supervision;

/// <summary>
/// Asks a node whether it is healthy the way its clients would: HTTP components answer their health endpoint,
/// database nodes answer a ping (never a query, so they count no statement for it).
/// </summary>
internal sealed class NodeProbe(Func<DatabaseCluster> databases)
{
    private static readonly HttpClient s_http = new(new SocketsHttpHandler { UseProxy = false, PooledConnectionLifetime = TimeSpan.Zero })
    {
        Timeout = TimeSpan.FromSeconds(2),
    };

    public async Task<bool> IsHealthyAsync(Component component, CancellationToken cancellationToken)
    {
        if (component.Kind == ComponentKind.Database)
        {
            var cluster = databases();
            return await cluster.Bootstrapper.PingAsync(cluster.NodeFor(component), cancellationToken);
        }

        try
        {
            // The admin listener answers the same /healthz, and stays plain HTTP when the public port only redirects to HTTPS.
            var endPoint = component.AdminEndPoint ?? component.EndPoint;
            using var response = await s_http.GetAsync(new Uri($"http://{endPoint}{HealthEndpointExtensions.Path}"), cancellationToken);
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }
}

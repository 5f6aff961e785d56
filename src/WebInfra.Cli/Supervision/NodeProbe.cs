using WebInfra.Hosting.Health;
using WebInfra.Hosting.Vrrp;
using WebInfra.Topology.Model;

namespace WebInfra.Cli.Supervision;

/// <summary>
/// Asks a node whether it is healthy the way its clients would: HTTP components answer their health endpoint,
/// database nodes answer a ping (never a query, so they count no statement for it), keepalived has taken a side (read on its server),
/// holding or standing by for every VIP of its server, a DNS server answers a query for its zone's SOA with
/// authority (so the zone is loaded, not only the port open), and an etcd member's <c>/health</c> says true (it is in
/// a cluster with a quorum and a leader).
/// </summary>
internal sealed class NodeProbe(Topology.Model.Topology topology, VrrpStates vrrp, Func<DatabaseCluster> databases)
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

        if (component.Kind == ComponentKind.Vrrp)
        {
            var vips = topology.VipsOnServer(component.ServerName).Select(v => v.Name);
            return vrrp.Of(component.ServerName, vips).All(s => s.State is VrrpState.Master or VrrpState.Backup);
        }

        if (component.Kind == ComponentKind.Dns)
        {
            return topology.Dns is { } dns && await ZoneProbe.AnswersAsync(component.EndPoint, dns.Zone, TimeSpan.FromSeconds(1), cancellationToken);
        }

        try
        {
            if (component.Kind == ComponentKind.Etcd)
            {
                using var health = await s_http.GetAsync(new Uri($"{EtcdMembers.ClientUrl(component)}/health"), cancellationToken);
                return health.IsSuccessStatusCode && (await health.Content.ReadAsStringAsync(cancellationToken)).Contains("\"true\"", StringComparison.Ordinal);
            }

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

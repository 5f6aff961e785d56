using System.Net.Http.Json;
using WebInfra.Hosting.Administration;
using WebInfra.Hosting.Reloading;
using WebInfra.Topology.Model;

namespace WebInfra.Cli.Supervision;

/// <summary>Asks a running component to load a topology file and apply it in place (<c>POST /topology/reload</c>).</summary>
internal static class TopologyAdminClient
{
    // Loading and validating a topology, and the site's certificate, takes longer than a read of the backend.
    private static readonly Lazy<HttpClient> s_client = new(() => AdminHttp.CreateClient(TimeSpan.FromSeconds(15)));

    /// <exception cref="SupervisorException">The component cannot be reached, or refuses the file.</exception>
    public static async Task ReloadAsync(Component component, string topologyPath, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await s_client.Value.PostAsJsonAsync(
                AdminHttp.UriOf(component, TopologyAdminPaths.Reload), new TopologyReloadRequest(topologyPath), AdminJson.Options, cancellationToken);
            AdminHttp.EnsureAuthenticated(component, response);
            if (!response.IsSuccessStatusCode)
            {
                throw new SupervisorException(
                    $"{component.Name} did not apply {topologyPath}: {(int)response.StatusCode} {(await response.Content.ReadAsStringAsync(cancellationToken)).Trim()}");
            }
        }
        catch (Exception e) when (e is HttpRequestException || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            throw new SupervisorException(
                $"cannot reach the admin listener of {component.Name} at {component.AdminEndPoint} ({e.Message}) to apply {topologyPath}; see its log with './webinfra logs {component.Name}'");
        }
    }
}

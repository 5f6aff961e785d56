using System.Net.Http.Json;
using WebInfra.Balancer.Administration;
using WebInfra.Hosting.Administration;
using WebInfra.Topology.Model;

namespace WebInfra.Cli.Supervision;

/// <summary>
/// Talks to a forwarding component's admin listener: reads its view of its backend and drains or undrains members.
/// </summary>
internal static class BackendAdminClient
{
    /// <summary>The backend as <paramref name="forwarder"/> sees it, or null when its admin listener does not answer.</summary>
    public static Task<BackendStatus?> GetAsync(Component forwarder, CancellationToken cancellationToken) =>
        AdminHttp.GetOrNullAsync<BackendStatus>(forwarder, BackendAdminPaths.Backend, cancellationToken);

    /// <summary>Drains or undrains <paramref name="member"/> at <paramref name="forwarder"/>; returns the backend as it is afterwards.</summary>
    /// <exception cref="SupervisorException">The forwarder cannot be reached or refuses.</exception>
    public static async Task<BackendStatus> SetDrainedAsync(Component forwarder, Component member, bool drained, CancellationToken cancellationToken)
    {
        var path = drained ? BackendAdminPaths.Drain(member.Name) : BackendAdminPaths.Undrain(member.Name);
        try
        {
            using var response = await AdminHttp.Client.PostAsync(AdminHttp.UriOf(forwarder, path), content: null, cancellationToken);
            AdminHttp.EnsureAuthenticated(forwarder, response);
            if (!response.IsSuccessStatusCode)
            {
                throw new SupervisorException($"{forwarder.Name} refused: {(int)response.StatusCode} {(await response.Content.ReadAsStringAsync(cancellationToken)).Trim()}");
            }

            return (await response.Content.ReadFromJsonAsync<BackendStatus>(AdminJson.Options, cancellationToken))!;
        }
        catch (Exception e) when (e is HttpRequestException || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            throw new SupervisorException(
                $"cannot reach the admin listener of {forwarder.Name} at {forwarder.AdminEndPoint} ({e.Message}), so it may still send new requests to {member.Name}; start it with './webinfra start {forwarder.Name}' and try again");
        }
    }
}

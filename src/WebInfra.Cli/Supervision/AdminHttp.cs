using System.Net;
using System.Net.Http.Json;
using WebInfra.Hosting.Administration;
using WebInfra.Topology.Model;

namespace WebInfra.Cli.Supervision;

/// <summary>
/// The CLI's side of every component's admin listener: its address, the admin token (attached by
/// <see cref="AdminCredentialHandler"/>, from the run state the command works on), and a read that treats a component
/// that does not answer as absent rather than as an error, since status and drain must work while parts of the site are down.
/// </summary>
internal static class AdminHttp
{
    private static readonly Lazy<HttpClient> s_client = new(() => CreateClient(TimeSpan.FromSeconds(2)));
    private static AdminCredentialsFile? s_credentials;

    /// <summary>For quick reads and commands; a new connection each time, as a killed component leaves stale ones.</summary>
    public static HttpClient Client => s_client.Value;

    /// <summary>Sends the admin token of the run state in <paramref name="state"/>; every command calls it (through <c>CliEnvironment.State</c>) before its first request.</summary>
    public static void UseCredentialsOf(StateDirectory state) => s_credentials = new AdminCredentialsFile(AdminCredentials.PathIn(state.Path));

    /// <summary>A client that sends the admin token, with its own <paramref name="timeout"/> (a switchover waits longer than a read).</summary>
    public static HttpClient CreateClient(TimeSpan timeout) =>
        new(new AdminCredentialHandler(
            s_credentials ?? throw new InvalidOperationException("no run state chosen: call UseCredentialsOf first"),
            AdminScope.Admin)
        {
            InnerHandler = new SocketsHttpHandler { UseProxy = false, PooledConnectionLifetime = TimeSpan.Zero },
        })
        {
            Timeout = timeout,
        };

    /// <summary>The URI of <paramref name="path"/> on <paramref name="component"/>'s admin listener.</summary>
    public static Uri UriOf(Component component, string path) =>
        new($"http://{component.AdminEndPoint ?? throw new InvalidOperationException($"{component.Name} has no admin listener")}{path}");

    /// <summary>The JSON at <paramref name="path"/>, or null when the admin listener does not answer.</summary>
    /// <exception cref="SupervisorException">The listener refused the credentials.</exception>
    public static async Task<T?> GetOrNullAsync<T>(Component component, string path, CancellationToken cancellationToken)
        where T : class
    {
        try
        {
            using var response = await Client.GetAsync(UriOf(component, path), cancellationToken);
            EnsureAuthenticated(component, response);
            return response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<T>(AdminJson.Options, cancellationToken) : null;
        }
        catch (Exception e) when (e is HttpRequestException || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return null;
        }
    }

    /// <summary>Turns a refusal of the credentials into a message that says which file they come from.</summary>
    /// <exception cref="SupervisorException">The answer is 401, 403 or 429.</exception>
    public static void EnsureAuthenticated(Component component, HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden or HttpStatusCode.TooManyRequests)
        {
            throw new SupervisorException(
                $"the admin listener of {component.Name} at {component.AdminEndPoint} refused webinfra's credentials ({(int)response.StatusCode}): " +
                $"they come from {s_credentials?.FilePath}; is the site running from another --state-dir?");
        }
    }
}

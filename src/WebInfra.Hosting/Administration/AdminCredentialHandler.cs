using System.Net.Http.Headers;

namespace WebInfra.Hosting.Administration;

/// <summary>
/// The one place a WebInfra client attaches its admin credential: <c>Authorization: Bearer TOKEN</c> of
/// <paramref name="scope"/> on every request, read from the credentials file as it is at that moment (so a client that
/// outlives a <c>secrets rotate</c>, such as the dashboard's sampler, carries on with the new token). The CLI sends
/// the admin token, the dashboard's sampler the read token. No file yet: no header, and the listener answers 401.
/// </summary>
public sealed class AdminCredentialHandler(AdminCredentialsFile credentials, AdminScope scope) : DelegatingHandler
{
    /// <inheritdoc />
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (credentials.Current is { } current)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", current.TokenFor(scope));
        }

        return base.SendAsync(request, cancellationToken);
    }
}

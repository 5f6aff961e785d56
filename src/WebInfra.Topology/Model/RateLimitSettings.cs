namespace WebInfra.Topology.Model;

/// <summary>
/// A token bucket per client address at the site's entry point (HAProxy's <c>http-request deny deny_status 429</c>
/// on a stick-table rate, nginx's <c>limit_req</c>): <see cref="Requests"/> tokens come back every <see cref="Per"/>,
/// and a client may spend up to <see cref="Burst"/> at once.
/// </summary>
/// <param name="Requests">Requests allowed per <see cref="Per"/>.</param>
/// <param name="Per">The period the requests are counted over.</param>
/// <param name="Burst">The most requests a client that was quiet may send at once; at least <see cref="Requests"/>.</param>
public sealed record RateLimitSettings(int Requests, TimeSpan Per, int Burst);

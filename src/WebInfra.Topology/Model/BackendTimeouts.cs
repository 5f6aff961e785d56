namespace WebInfra.Topology.Model;

/// <summary>
/// The timeouts of the component that forwards to a backend, in HAProxy's terms. When one expires the client gets a
/// short plain answer instead of waiting: 504 when a member does not answer in time, 503 when no member can be reached.
/// </summary>
/// <param name="Connect">How long connecting to a member may take before another member is tried. HAProxy: <c>timeout connect</c>.</param>
/// <param name="Server">
/// How long a member may stay silent, waiting for its response headers or between parts of its body, before the client
/// gets 504. HAProxy: <c>timeout server</c>.
/// </param>
/// <param name="Client">
/// How long a client's connection may stay idle between requests, and the longest it may take to send a request's
/// headers, before it is closed. HAProxy: <c>timeout client</c> and <c>timeout http-request</c>.
/// </param>
public sealed record BackendTimeouts(TimeSpan Connect, TimeSpan Server, TimeSpan Client)
{
    /// <summary>The values HAProxy's own example configuration uses: connect 5 s, server 30 s, client 30 s.</summary>
    public static BackendTimeouts Default { get; } = new(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(30));
}

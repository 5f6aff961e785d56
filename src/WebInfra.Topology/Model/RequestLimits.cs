namespace WebInfra.Topology.Model;

/// <summary>
/// The limits every HTTP component puts on a request before it does any work for it, so that an oversized or
/// flooding client is refused at the door with the status code that says why, and the site keeps answering others.
/// </summary>
/// <param name="HeaderSize">The most bytes of request headers (431 above it). Kestrel's default, 32 KiB, which holds four of nginx's 8k buffers.</param>
/// <param name="HeaderCount">The most request header fields (431 above it). Apache httpd's <c>LimitRequestFields 100</c>.</param>
/// <param name="UriLength">The longest request line (414 above it). nginx's 8k <c>large_client_header_buffers</c>.</param>
/// <param name="BodySize">The largest request body (413 above it). nginx's <c>client_max_body_size 1m</c>.</param>
/// <param name="Rate">Requests per client address the entry point accepts (429 above it); null: no limit, as in HAProxy and nginx.</param>
/// <param name="Location">Where the limits section is written, or the site's location when it is absent.</param>
public sealed record RequestLimits(int HeaderSize, int HeaderCount, int UriLength, int BodySize, RateLimitSettings? Rate, SourceLocation? Location)
{
    /// <summary>The largest header or request-line limit accepted, 1 MiB: each connection may buffer that much.</summary>
    public const int MaximumHeaderSize = 1024 * 1024;

    /// <summary>The largest body limit accepted, 1 GiB.</summary>
    public const int MaximumBodySize = 1024 * 1024 * 1024;

    /// <summary>The limits of a topology without a <c>limits</c> section.</summary>
    public static RequestLimits Default { get; } = new(32 * 1024, 100, 8 * 1024, 1024 * 1024, null, null);
}

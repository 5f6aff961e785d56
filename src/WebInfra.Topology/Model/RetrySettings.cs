namespace WebInfra.Topology.Model;

/// <summary>
/// Sending a failed request again to another member (HAProxy's <c>retries</c> with <c>option redispatch</c>), so that
/// a member dying loses no request that can be repeated safely.
/// </summary>
/// <param name="Count">
/// How many more members a request may be sent to after the first failed, 0 to <see cref="MaximumCount"/>.
/// A request is retried when it could not connect, and, for idempotent methods (GET, HEAD, OPTIONS, PUT, DELETE),
/// when its connection was reset before any response byte arrived.
/// </param>
/// <param name="BodyLimit">
/// The largest request body, in bytes, kept in memory so that it can be sent again; a request with a larger body,
/// or a body of unknown length, is not retried. HAProxy has the same bound in its buffer size.
/// </param>
public sealed record RetrySettings(int Count, int BodyLimit)
{
    /// <summary>The most retries accepted: more only adds latency when the whole backend is down.</summary>
    public const int MaximumCount = 10;

    /// <summary>The largest body limit accepted, 16 MiB: every retried request holds its body in memory.</summary>
    public const int MaximumBodyLimit = 16 * 1024 * 1024;

    /// <summary>HAProxy's <c>retries 3</c>, and bodies up to 64 KiB (the sample application's posts fit).</summary>
    public static RetrySettings Default { get; } = new(3, 64 * 1024);
}

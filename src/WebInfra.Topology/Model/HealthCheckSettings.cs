namespace WebInfra.Topology.Model;

/// <summary>
/// Active health checking of a backend's members. The defaults are HAProxy's (<c>inter 2s rise 2 fall 3</c>),
/// which users of HAProxy already reason in.
/// </summary>
/// <param name="Path">The path probed on each member; it answers 200 while the member is ready.</param>
/// <param name="Interval">Time between probes of one member. HAProxy: <c>inter</c>.</param>
/// <param name="Timeout">How long one probe may take before it counts as failed. HAProxy: <c>timeout check</c>.</param>
/// <param name="Rise">Consecutive successful probes that bring a member back. HAProxy: <c>rise</c>.</param>
/// <param name="Fall">Consecutive failed probes that take a member out. HAProxy: <c>fall</c>.</param>
/// <param name="ErrorLimit">
/// Consecutive forwarded requests that fail to connect or are reset before any response byte, after which the member
/// is taken out at once, without waiting for the probes; the probes bring it back after <paramref name="Rise"/>
/// successes. HAProxy: <c>observe layer4 error-limit N on-error mark-down</c>.
/// </param>
public sealed record HealthCheckSettings(string Path, TimeSpan Interval, TimeSpan Timeout, int Rise, int Fall, int ErrorLimit)
{
    /// <summary>The shortest interval accepted; shorter probing costs more than it finds.</summary>
    public static readonly TimeSpan MinimumInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// HAProxy's defaults: probe <c>/healthz</c> every 2 s, 2 successes to rise, 3 failures to fall, 1 s timeout; and
    /// 3 failed requests in a row take a member out between probes.
    /// </summary>
    public static HealthCheckSettings Default { get; } = new("/healthz", TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(1), 2, 3, 3);
}

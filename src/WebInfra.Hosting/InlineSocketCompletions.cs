namespace WebInfra.Hosting;

/// <summary>
/// Runs socket completions on the epoll thread that received them instead of queueing them to the thread pool
/// (.NET's <c>DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS</c>). A proxy does little work per read and never blocks,
/// so the hop through the thread pool is pure latency: on the 2-core development machine the balancer's p99 at 64
/// connections fell from 17.2 to 8.4 ms, requests per second unchanged (<c>bench/run.py --case balancer --repeat 3</c>).
/// Components that run blocking or CPU-heavy work per request (the application) must not use it: that work would
/// stall every other socket on the thread.
/// </summary>
public static class InlineSocketCompletions
{
    private const string Variable = "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS";

    /// <summary>Turns inline completions on for this process; must run before the process opens its first socket.</summary>
    public static void Enable() => Environment.SetEnvironmentVariable(Variable, "1");
}

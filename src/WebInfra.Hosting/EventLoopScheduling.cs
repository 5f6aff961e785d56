using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;

namespace WebInfra.Hosting;

/// <summary>
/// Handles each request from start to end on the epoll thread that received its bytes, the way HAProxy's and nginx's
/// event loops do, instead of handing it to the thread pool at every socket event: .NET's inline socket completions
/// (<c>DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS</c>, which also gives the process one epoll thread per core) and
/// Kestrel's inline scheduling of its pipes. A proxy or a file server does little work per event and never blocks, so
/// each hop is pure cost: a sleeping worker woken, a context switch. With the hops, a balancer under one connection
/// switched context 10-11 times per request and spent 124-135 µs of CPU on it; without them, 2.1 times (HAProxy's
/// count) and 48-60 µs, and it forwarded 10.5-13.8k requests/s instead of 6.4-6.7k (bench/README.md, "What each
/// change bought"). Components that run blocking or CPU-heavy work per request must not use it: that work would stall
/// every other connection on the thread, or deadlock it. The application servers do not: MySqlConnector finishes a
/// cancelled query with a synchronous read, which on an epoll thread waits for an event only that thread can deliver.
/// </summary>
public static class EventLoopScheduling
{
    private const string InlineCompletionsVariable = "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS";

    /// <summary>Turns it on for this process and the host <paramref name="builder"/> builds; must run before the process opens its first socket.</summary>
    public static WebApplicationBuilder UseEventLoopScheduling(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        Environment.SetEnvironmentVariable(InlineCompletionsVariable, "1");
        builder.WebHost.UseSockets(sockets => sockets.UnsafePreferInlineScheduling = true);
        return builder;
    }
}

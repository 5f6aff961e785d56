using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace WebInfra.FunctionalTests.Infrastructure;

/// <summary>
/// A stand-in for a backend member, listening in the test's own process on the member's address and port once the
/// member has been killed: it answers the forwarders' health checks, and records the headers of every other request,
/// so a test sees exactly what a real hop delivered to an application server.
/// </summary>
internal sealed class RecordingMember : IAsyncDisposable
{
    private readonly WebApplication _app;

    private RecordingMember(WebApplication app) => _app = app;

    /// <summary>The headers of each request other than <c>/healthz</c>, in arrival order.</summary>
    public ConcurrentQueue<IReadOnlyDictionary<string, string>> Requests { get; } = new();

    public static async Task<RecordingMember> StartAsync(IPEndPoint endPoint)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(endPoint));
        var app = builder.Build();
        var member = new RecordingMember(app);
        app.Run(context =>
        {
            if (context.Request.Path == "/healthz")
            {
                return context.Response.WriteAsync("ok");
            }

            member.Requests.Enqueue(context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase));
            return context.Response.WriteAsync("recorded");
        });
        await app.StartAsync();
        return member;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

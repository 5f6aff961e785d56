// YARP's bare forwarder: Kestrel, IHttpForwarder and a SocketsHttpHandler, round robin over the destinations, with
// the X-Forwarded-* headers of HttpTransformer.Default (HAProxy's 'option forwardfor'). No routing, health checks,
// retries, limits, metrics or logging: the least any YARP-based balancer does for a request. It runs with the
// balancer's runtime settings (src/ComponentRuntime.props) and event-loop scheduling (WebInfra.Hosting).
//   bench-forwarder LISTEN_ADDRESS:PORT DESTINATION_URL...
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using WebInfra.Hosting;
using Yarp.ReverseProxy.Forwarder;

if (args.Length < 2 || !IPEndPoint.TryParse(args[0], out var listen) || args[1..].Any(d => !Uri.IsWellFormedUriString(d, UriKind.Absolute)))
{
    Console.Error.WriteLine("usage: bench-forwarder LISTEN_ADDRESS:PORT DESTINATION_URL... (e.g. 127.0.10.12:20080 http://127.0.10.1:20081/)");
    return 2;
}

var destinations = args[1..];
var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
builder.WebHost.ConfigureKestrel(kestrel =>
{
    kestrel.AddServerHeader = false;
    kestrel.Listen(listen);
});

// The balancer's scheduling, so that the floor differs from the balancer by the balancer's work per request only.
builder.UseEventLoopScheduling();
builder.Services.AddHttpForwarder();

await using var app = builder.Build();
var forwarder = app.Services.GetRequiredService<IHttpForwarder>();

// What YARP's own ForwarderHttpClientFactory sets up for a cluster.
using var client = new HttpMessageInvoker(new SocketsHttpHandler
{
    UseProxy = false,
    AllowAutoRedirect = false,
    AutomaticDecompression = DecompressionMethods.None,
    UseCookies = false,
    EnableMultipleHttp2Connections = true,
    ActivityHeadersPropagator = null,
    ConnectTimeout = TimeSpan.FromSeconds(5),
});
var next = -1;
app.Run(Forward);

Console.WriteLine($"bench-forwarder: listening on {listen}, forwarding to {string.Join(", ", destinations)} (pid {Environment.ProcessId})");
await app.RunAsync();
return 0;

Task Forward(HttpContext context)
{
    var destination = destinations[(int)((uint)Interlocked.Increment(ref next) % (uint)destinations.Length)];
    return forwarder.SendAsync(context, destination, client, ForwarderRequestConfig.Empty, HttpTransformer.Default).AsTask();
}


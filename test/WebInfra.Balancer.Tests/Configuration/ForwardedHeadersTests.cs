using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using WebInfra.Balancer.Configuration;
using WebInfra.Topology.Loading;
using Yarp.ReverseProxy.Transforms.Builder;

namespace WebInfra.Balancer.Tests.Configuration;

/// <summary>
/// What each tier's route tells the next hop about the client, applied by YARP's own transforms to a request as it
/// would be forwarded: the entry tier trusts nothing the client wrote, the tiers behind it append.
/// </summary>
public sealed class ForwardedHeadersTests
{
    private const string Topology = """
        site: { name: www.foobar.com, files: . }
        servers:
          lb-01: { address: 127.0.1.10, components: { balancer: { port: 8080, backend: web } } }
          server-1: { address: 127.0.1.1, components: { web: { port: 8081, backend: app }, app: { port: 8082 }, db: { port: 3306, role: primary } } }
          server-9: { address: 127.0.1.9, components: { web: { port: 8081, backend: app } } }
        backends:
          web: { members: [server-1/web] }
          app: { members: [server-1/app] }
        """;

    private static readonly string s_siteDirectory = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "test-site")).FullName;

    [Theory]
    [InlineData("lb-01/balancer", true)]
    [InlineData("server-1/web", false)]
    [InlineData("server-9/web", true)]
    public void Balancers_and_web_servers_no_backend_lists_are_the_entry_tier(string component, bool entry)
    {
        var topology = TopologyLoader.Parse(Topology, "test.yaml", s_siteDirectory);

        Assert.Equal(entry, topology.IsEntryTier(topology.FindComponent(component)!));
    }

    [Fact]
    public async Task Entry_tier_replaces_what_the_client_claims_with_its_address_scheme_and_host()
    {
        var forwarded = await ForwardAsync(entryTier: true, client: "203.0.113.7", headers: new()
        {
            ["X-Forwarded-For"] = "10.6.6.6",
            ["X-Forwarded-Proto"] = "https",
            ["X-Forwarded-Host"] = "evil.example",
            ["X-Forwarded-Prefix"] = "/admin",
            ["Forwarded"] = "for=10.6.6.6;proto=https",
        });

        Assert.Equal("203.0.113.7", Header(forwarded, "X-Forwarded-For"));
        Assert.Equal("http", Header(forwarded, "X-Forwarded-Proto"));
        Assert.Equal("www.foobar.com:8080", Header(forwarded, "X-Forwarded-Host"));
        Assert.Null(Header(forwarded, "X-Forwarded-Prefix"));
        Assert.Null(Header(forwarded, "Forwarded"));
    }

    [Fact]
    public async Task Inner_tier_appends_its_peer_and_keeps_scheme_and_host_as_received()
    {
        var forwarded = await ForwardAsync(entryTier: false, client: "127.0.1.10", headers: new()
        {
            ["X-Forwarded-For"] = "203.0.113.7",
            ["X-Forwarded-Proto"] = "https",
            ["X-Forwarded-Host"] = "www.foobar.com",
        });

        Assert.Equal("203.0.113.7, 127.0.1.10", Header(forwarded, "X-Forwarded-For"));
        Assert.Equal("https", Header(forwarded, "X-Forwarded-Proto"));
        Assert.Equal("www.foobar.com", Header(forwarded, "X-Forwarded-Host"));
    }

    [Fact]
    public async Task Entry_tier_sets_the_client_address_when_the_client_sent_none()
    {
        var forwarded = await ForwardAsync(entryTier: true, client: "203.0.113.7", headers: []);

        Assert.Equal("203.0.113.7", Header(forwarded, "X-Forwarded-For"));
    }

    /// <summary>The request a tier would send on for one it received from <paramref name="client"/> with <paramref name="headers"/>.</summary>
    private static async Task<HttpRequestMessage> ForwardAsync(bool entryTier, string client, Dictionary<string, string> headers)
    {
        var topology = TopologyLoader.Parse(Topology, "test.yaml", s_siteDirectory);
        var route = BackendProxyConfig.CreateRoute(topology.FindBackend("app")!, entryTier);
        var services = new ServiceCollection().AddLogging();
        services.AddReverseProxy();
        await using var provider = services.BuildServiceProvider();
        var transformer = provider.GetRequiredService<ITransformBuilder>().Build(route, cluster: null);

        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = IPAddress.Parse(client);
        context.Request.Method = "GET";
        context.Request.Scheme = "http";
        context.Request.Host = new HostString("www.foobar.com:8080");
        context.Request.Path = "/api/posts";
        foreach (var (name, value) in headers)
        {
            context.Request.Headers[name] = value;
        }

        var request = new HttpRequestMessage();
        await transformer.TransformRequestAsync(context, request, "http://127.0.1.1:8082/", CancellationToken.None);
        return request;
    }

    private static string? Header(HttpRequestMessage request, string name) =>
        request.Headers.TryGetValues(name, out var values) ? string.Join(", ", values) : null;
}

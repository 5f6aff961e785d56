using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using MySqlConnector;
using WebInfra.FunctionalTests.Infrastructure;

namespace WebInfra.FunctionalTests.Balancer;

/// <summary>
/// Each balancing algorithm's distribution, through real balancers in front of real web servers: the web server
/// that answered is read from <c>X-Served-By</c> (<c>lb-NAME/balancer, server-N/web</c>). The requests are for a
/// static file, so a web server answers them itself.
/// </summary>
public sealed class BalancingAlgorithmTests(BalancerSiteFixture fixture) : IClassFixture<BalancerSiteFixture>
{
    private const string StaticFile = "/robots.txt";
    private const string Server1 = "server-1/web";
    private const string Server2 = "server-2/web";
    private const string Server3 = "server-3/web";
    private const string Server4 = "server-4/web";

    /// <summary>61 client addresses for the source tests; all of 127.0.0.0/8 reaches the loopback interface.</summary>
    private static readonly IPAddress[] s_clientAddresses = [.. Enumerable.Range(100, 61).Select(i => IPAddress.Parse($"127.0.4.{i}"))];

    private TestSite Site => fixture.Site;

    [Fact]
    public async Task Round_robin_alternates_exactly_among_three_equal_members()
    {
        var servers = await WebServersAsync(BalancerTopologies.RoundRobin, "lb-roundrobin/balancer", 30);

        // The rotation may start anywhere and run in any order, but it is one order, repeated without a slip.
        var rotation = servers.Take(3).ToList();
        Assert.Equal([Server1, Server2, Server3], rotation.Order(StringComparer.Ordinal));
        Assert.Equal(Enumerable.Repeat(rotation, 10).SelectMany(r => r), servers);
    }

    [Fact]
    public async Task Weights_three_to_one_split_traffic_in_proportion_three_of_every_four_requests()
    {
        var servers = await WebServersAsync(BalancerTopologies.Weighted, "lb-weighted/balancer", 40);

        Assert.Equal(30, servers.Count(s => s == Server1));
        Assert.Equal(10, servers.Count(s => s == Server2));

        // Smooth weighted round robin repeats a, a, b, a: any four requests in a row hold exactly one for the weight 1
        // member, so the weight 3 member never gets more than three in a row and the other never two.
        for (var i = 0; i + 4 <= servers.Count; i++)
        {
            Assert.True(servers.Skip(i).Take(4).Count(s => s == Server2) == 1, $"requests {i}-{i + 3} of {Sequence(servers)}");
        }

        Assert.Equal(3, LongestRun(servers, Server1));
        Assert.Equal(1, LongestRun(servers, Server2));
    }

    [Fact]
    public async Task Leastconn_sends_new_requests_to_the_server_with_fewer_requests_in_flight()
    {
        const string balancer = "lb-leastconn/balancer";
        using var heldClient = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromMinutes(1) };
        await using var primary = await Site.OpenDatabaseAsync(BalancerTopologies.PrimaryHost, BalancerTopologies.PrimaryPort);
        var held = new List<Task<HttpResponseMessage>>();
        IReadOnlyList<string> whileHeld;

        // A post whose INSERT waits for the posts table stays in flight through balancer, web server and app for as
        // long as the table is locked, with its request fully sent, so no server times it out.
        await ExecuteAsync(primary, "LOCK TABLES foobar.posts WRITE");
        try
        {
            for (var i = 1; i <= 2; i++)
            {
                held.Add(heldClient.PostAsJsonAsync(new Uri(BalancerTopologies.LeastConn, "/api/posts"), new { author = "leastconn", body = $"held in flight {i}" }));
                var waiting = i;
                await TestSite.EventuallyAsync(async () => await InsertsWaitingAsync(primary) == waiting, TimeSpan.FromSeconds(15), $"{waiting} held post(s) wait for the lock");
            }

            // Each request waits until the previous one has left the balancer's count: a client can have its whole
            // response a moment before the balancer counts the request finished, and a request sent in that moment
            // sees every member with one in flight and may go anywhere.
            var sent = new List<string>();
            for (var i = 0; i < 20; i++)
            {
                await TestSite.EventuallyAsync(async () => await InFlightAsync(BalancerTopologies.LeastConn) == 2, TimeSpan.FromSeconds(5), "only the held posts are in flight");
                sent.AddRange(await WebServersAsync(BalancerTopologies.LeastConn, balancer, 1));
            }

            whileHeld = sent;
        }
        finally
        {
            await ExecuteAsync(primary, "UNLOCK TABLES");
        }

        var heldOn = new List<string>();
        foreach (var post in held)
        {
            using var response = await post;
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            heldOn.Add(TestSite.ServedBy(response)[1]);
        }

        // The two held requests went to two servers (the second to one with none in flight), and every request sent
        // while they were held went to the third, the only one with no request in flight.
        var idle = Assert.Single(whileHeld.Distinct());
        Assert.Equal([Server1, Server2, Server3], heldOn.Append(idle).Order(StringComparer.Ordinal));

        // Released, all three are equally loaded again and share the traffic.
        var released = await WebServersAsync(BalancerTopologies.LeastConn, balancer, 12);
        Assert.Equal([Server1, Server2, Server3], released.Distinct().Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Source_sends_every_request_from_one_client_address_to_the_same_server()
    {
        var servedBy = await SourceRequestsAsync(requestsPerClient: 3);

        var split = servedBy.Where(p => p.Value.Distinct().Count() != 1).Select(p => $"{p.Key}: {string.Join(", ", p.Value)}").ToList();
        Assert.True(split.Count == 0, "clients sent to more than one server: " + string.Join("; ", split));
        Assert.Equal([Server1, Server2, Server3, Server4], servedBy.Values.Select(s => s[0]).Distinct().Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Source_with_a_server_removed_moves_only_that_servers_clients()
    {
        var before = await SourceMappingAsync();
        var removedClients = before.Where(p => p.Value == Server4).Select(p => p.Key).ToList();
        Assert.NotEmpty(removedClients);

        var kill = await Site.RunAsync("kill", Server4);
        Assert.True(kill.ExitCode == 0, kill.ToString());
        CliResult? start = null;
        try
        {
            // Until it fails fall (3) probes in a row, the balancer still sends server-4's clients there and answers 502.
            await TestSite.EventuallyAsync(
                async () => await SourceWebServerAsync(removedClients[0]) is { } server && server != Server4,
                TimeSpan.FromSeconds(10),
                "lb-source takes server-4/web out");

            var after = await SourceMappingAsync();

            // Rendezvous hashing: a client's score for a server does not depend on the other servers, so every client of
            // a surviving server stays exactly where it was, and only server-4's clients move, spread over the others.
            var movedAway = before.Where(p => p.Value != Server4 && after[p.Key] != p.Value).Select(p => $"{p.Key}: {p.Value} -> {after[p.Key]}").ToList();
            Assert.True(movedAway.Count == 0, "clients of surviving servers moved: " + string.Join("; ", movedAway));
            var movedTo = removedClients.Select(c => after[c]).ToList();
            Assert.All(movedTo, server => Assert.Contains(server, new[] { Server1, Server2, Server3 }));
            Assert.True(movedTo.Distinct().Count() > 1, $"server-4's {removedClients.Count} clients all moved to {movedTo[0]}");
        }
        finally
        {
            start = await Site.RunAsync("start", Server4);
        }

        Assert.True(start.ExitCode == 0, start.ToString());

        // Back after rise (2) good probes in a row, it gets exactly its own clients back.
        await TestSite.EventuallyAsync(
            async () => (await SourceMappingAsync()).All(p => before[p.Key] == p.Value),
            TimeSpan.FromSeconds(15),
            "server-4/web's clients return to it");
    }

    /// <summary>The requests the balancer counts in flight over all its members, from its admin listener (port + 1000).</summary>
    private async Task<long> InFlightAsync(Uri balancer)
    {
        var admin = new UriBuilder(balancer) { Port = balancer.Port + 1000, Path = "/backend" }.Uri;
        using var document = JsonDocument.Parse(await Site.GetAdminStringAsync(admin));
        return document.RootElement.GetProperty("members").EnumerateArray().Sum(m => m.GetProperty("in_flight").GetInt64());
    }

    /// <summary>The web server that answered each of <paramref name="count"/> sequential requests through <paramref name="balancer"/>.</summary>

    private async Task<IReadOnlyList<string>> WebServersAsync(Uri balancer, string balancerName, int count)
    {
        var servers = new List<string>(count);
        for (var i = 0; i < count; i++)
        {
            using var response = await Site.Http.GetAsync(new Uri(balancer, StaticFile));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var servedBy = TestSite.ServedBy(response);
            Assert.Equal(2, servedBy.Count);
            Assert.Equal(balancerName, servedBy[0]);
            servers.Add(servedBy[1]);
        }

        return servers;
    }

    /// <summary>The web server lb-source sends one request from each client address to.</summary>
    private static async Task<Dictionary<IPAddress, string>> SourceMappingAsync() =>
        (await SourceRequestsAsync(requestsPerClient: 1)).ToDictionary(p => p.Key, p => p.Value[0]);

    /// <summary>
    /// The web servers that answered <paramref name="requestsPerClient"/> requests to lb-source from each client
    /// address: one client's requests one after another, several clients at a time.
    /// </summary>
    private static async Task<Dictionary<IPAddress, string[]>> SourceRequestsAsync(int requestsPerClient)
    {
        var servedBy = new ConcurrentDictionary<IPAddress, string[]>();
        await Parallel.ForEachAsync(s_clientAddresses, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (client, _) =>
        {
            var servers = new string[requestsPerClient];
            for (var i = 0; i < requestsPerClient; i++)
            {
                servers[i] = await SourceWebServerAsync(client) ?? "no answer";
            }

            servedBy[client] = servers;
        });
        return new Dictionary<IPAddress, string[]>(servedBy);
    }

    /// <summary>The web server that answered a request to lb-source from <paramref name="client"/>, or null when none did.</summary>
    private static async Task<string?> SourceWebServerAsync(IPAddress client)
    {
        using var http = new HttpClient(new SocketsHttpHandler
        {
            UseProxy = false,
            PooledConnectionLifetime = TimeSpan.Zero,
            ConnectCallback = (context, cancellationToken) => ConnectFromAsync(client, context.DnsEndPoint, cancellationToken),
        })
        {
            Timeout = TimeSpan.FromSeconds(10),
        };
        try
        {
            using var response = await http.GetAsync(new Uri(BalancerTopologies.Source, StaticFile));
            return response.StatusCode == HttpStatusCode.OK && TestSite.ServedBy(response) is ["lb-source/balancer", var web] ? web : null;
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

    /// <summary>A connection whose local end is <paramref name="client"/>, so the balancer sees that client address.</summary>
    private static async ValueTask<Stream> ConnectFromAsync(IPAddress client, DnsEndPoint server, CancellationToken cancellationToken)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            socket.Bind(new IPEndPoint(client, 0));
            await socket.ConnectAsync(server, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static async Task ExecuteAsync(MySqlConnection connection, string sql)
    {
        await using var command = new MySqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>The application's INSERTs into posts that the primary is running now, i.e. waiting for the lock.</summary>
    private static async Task<long> InsertsWaitingAsync(MySqlConnection connection)
    {
        await using var command = new MySqlCommand("SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE INFO LIKE 'INSERT INTO posts%'", connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static int LongestRun(IReadOnlyList<string> servers, string server)
    {
        int longest = 0, run = 0;
        foreach (var s in servers)
        {
            run = s == server ? run + 1 : 0;
            longest = Math.Max(longest, run);
        }

        return longest;
    }

    /// <summary>A sequence of web servers as their numbers, e.g. 11211121, for messages.</summary>
    private static string Sequence(IEnumerable<string> servers) => string.Concat(servers.Select(s => s["server-".Length]));
}

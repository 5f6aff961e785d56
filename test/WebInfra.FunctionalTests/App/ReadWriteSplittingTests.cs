using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MySqlConnector;
using WebInfra.Database.Provisioning;
using WebInfra.FunctionalTests.Infrastructure;

namespace WebInfra.FunctionalTests.App;

/// <summary>
/// The application tier's read/write split against real MariaDB nodes: which node takes a read is read from the
/// nodes' own <c>Com_select</c> counters. The tests find the primary by asking the nodes, so they pass in any
/// order, including after the test that moves the primary.
/// </summary>
public sealed class ReadWriteSplittingTests(ReadWriteSplittingSiteFixture fixture) : IClassFixture<ReadWriteSplittingSiteFixture>, IAsyncLifetime
{
    private const string GtidHeader = "X-WebInfra-Gtid";
    private static readonly TimeSpan s_noticeTimeout = TimeSpan.FromSeconds(10);

    private readonly List<MySqlConnection> _connections = [];

    // No cookie jar: each request carries exactly the cookie a test gives it.
    private readonly HttpClient _http = new(new SocketsHttpHandler { UseProxy = false, UseCookies = false }) { Timeout = TimeSpan.FromSeconds(10) };

    private TestSite Site => fixture.Site;

    [Fact]
    public async Task Replica_with_its_SQL_thread_stopped_gets_no_reads_until_it_is_started_again()
    {
        var (_, replicas) = await ClusterAsync();
        var (stopped, serving) = (replicas[0], replicas[1]);
        await WaitUntilEveryReplicaTakesReadsAsync(replicas);

        await ExecuteAsync(stopped, "STOP SLAVE SQL_THREAD");
        try
        {
            await TestSite.EventuallyAsync(async () => await ReadsReachingAsync(stopped, reads: 4) == 0, s_noticeTimeout, "the stopped replica gets no reads");
            var stoppedBefore = await SelectsAsync(stopped);
            var servingBefore = await SelectsAsync(serving);

            for (var i = 0; i < 10; i++)
            {
                using var response = await GetAsync("/api/posts?limit=1");
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            }

            Assert.Equal(stoppedBefore, await SelectsAsync(stopped));
            Assert.Equal(servingBefore + 10, await SelectsAsync(serving));
        }
        finally
        {
            await ExecuteAsync(stopped, "START SLAVE SQL_THREAD");
        }

        await WaitUntilEveryReplicaTakesReadsAsync(replicas);
    }

    [Fact]
    public async Task Client_sees_its_own_post_although_the_replica_it_reads_from_has_not_applied_it()
    {
        var (primary, replicas) = await ClusterAsync();
        await WaitUntilEveryReplicaTakesReadsAsync(replicas);

        // A read lock stalls each replica's SQL thread (still running, lag near 0, so still eligible for reads)
        // without stopping reads: the post below reaches neither replica until the lock is released.
        foreach (var replica in replicas)
        {
            await ExecuteAsync(replica, "FLUSH TABLES WITH READ LOCK");
        }

        try
        {
            var (id, gtid) = await CreatePostAsync("stalled replicas");

            // Without the cookie the read is the replicas', and they do not have the post yet.
            var replicaSelects = await SelectsAsync(replicas);
            Assert.NotEqual(id, await NewestPostIdAsync(gtid: null));
            Assert.Equal(replicaSelects + 1, await SelectsAsync(replicas));

            // With it, the replica waits (read_your_writes_timeout) for the write, gives up, and the primary answers.
            var primarySelects = await SelectsAsync(primary);
            Assert.Equal(id, await NewestPostIdAsync(gtid));
            Assert.Equal(primarySelects + 1, await SelectsAsync(primary));

            // The same read, with the replicas released once it waits: the replica applies the post and answers.
            var read = NewestPostIdAsync(gtid);
            await TestSite.EventuallyAsync(async () => await WaitingReadsAsync(replicas) == 1, s_noticeTimeout, "the read waits on a replica");
            foreach (var replica in replicas)
            {
                await ExecuteAsync(replica, "UNLOCK TABLES");
            }

            Assert.Equal(id, await read);
            Assert.Equal(primarySelects + 1, await SelectsAsync(primary));
        }
        finally
        {
            foreach (var replica in replicas)
            {
                await ExecuteAsync(replica, "UNLOCK TABLES");
            }
        }
    }

    [Fact]
    public async Task Writes_follow_a_new_primary_without_a_restart()
    {
        var (primary, replicas) = await ClusterAsync();
        var (promoted, other) = (replicas[0], replicas[1]);
        await CreatePostAsync("before the failover");

        // What the failover monitor does: fence the primary, let the replica catch up, promote it, repoint the rest.
        await ExecuteAsync(primary, "SET GLOBAL read_only = ON");
        var written = await TestSite.VariableAsync(Admin(primary), "gtid_binlog_pos");
        await TestSite.EventuallyAsync(async () => await TestSite.VariableAsync(Admin(promoted), "gtid_slave_pos") == written, s_noticeTimeout, "the replica caught up");

        // No node is writable now: the write is refused with 503 and a short Retry-After, not lost and not a 500.
        using (var refused = await PostAsync("during the failover"))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(1), refused.Headers.RetryAfter?.Delta);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        }

        await ExecuteAsync(promoted, "STOP SLAVE", "RESET SLAVE ALL", "SET GLOBAL read_only = OFF");
        await RepointAsync(other, promoted, "slave_pos");
        await RepointAsync(primary, promoted, "current_pos");

        // The very next write succeeds: the app either already saw the new primary, or finds it when the old one
        // refuses the write as read-only, and retries it there once.
        var promotedServerId = await TestSite.VariableAsync(Admin(promoted), "server_id");
        var inserts = await TestSite.StatusCounterAsync(Admin(promoted), "Com_insert");
        for (var i = 0; i < 5; i++)
        {
            var (_, gtid) = await CreatePostAsync($"on the new primary {i}");
            Assert.Equal(promotedServerId, gtid.Split('-')[1]);
        }

        Assert.Equal(inserts + 5, await TestSite.StatusCounterAsync(Admin(promoted), "Com_insert"));
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        _http.Dispose();
        foreach (var connection in _connections)
        {
            await connection.DisposeAsync();
        }
    }

    /// <summary>The writable node and the read-only ones, asked of the nodes themselves (with SHOW, which counts as no SELECT).</summary>
    private async Task<(string Primary, string[] Replicas)> ClusterAsync()
    {
        foreach (var host in ReadWriteSplittingSiteFixture.DatabaseHosts)
        {
            _connections.Add(await Site.OpenDatabaseAsync(host, ReadWriteSplittingSiteFixture.DatabasePort));
        }

        var readOnly = new Dictionary<string, bool>();
        foreach (var host in ReadWriteSplittingSiteFixture.DatabaseHosts)
        {
            readOnly[host] = await TestSite.VariableAsync(Admin(host), "read_only") == "ON";
        }

        return (Assert.Single(readOnly, kv => !kv.Value).Key, [.. readOnly.Where(kv => kv.Value).Select(kv => kv.Key)]);
    }

    private MySqlConnection Admin(string host) =>
        _connections.First(c => c.DataSource == host);

    private async Task ExecuteAsync(string host, params string[] statements)
    {
        foreach (var statement in statements)
        {
            await using var command = new MySqlCommand(statement, Admin(host));
            await command.ExecuteNonQueryAsync();
        }
    }

    private async Task RepointAsync(string replica, string primary, string useGtid)
    {
        var secrets = DatabaseSecrets.LoadOrCreate(Path.Combine(Site.StateDirectory, "secrets", "database.json"));
        await ExecuteAsync(replica, "STOP SLAVE");
        await using var command = new MySqlCommand(
            $"CHANGE MASTER TO MASTER_HOST = @host, MASTER_PORT = {ReadWriteSplittingSiteFixture.DatabasePort}, MASTER_USER = @user, MASTER_PASSWORD = @password, MASTER_USE_GTID = {useGtid}, MASTER_CONNECT_RETRY = 1",
            Admin(replica));
        command.Parameters.AddWithValue("@host", primary);
        command.Parameters.AddWithValue("@user", secrets.ReplicationUser);
        command.Parameters.AddWithValue("@password", secrets.ReplicationPassword);
        await command.ExecuteNonQueryAsync();
        await ExecuteAsync(replica, "START SLAVE");
    }

    private Task<long> SelectsAsync(string host) => TestSite.StatusCounterAsync(Admin(host), "Com_select");

    private async Task<long> SelectsAsync(IEnumerable<string> hosts)
    {
        var total = 0L;
        foreach (var host in hosts)
        {
            total += await SelectsAsync(host);
        }

        return total;
    }

    /// <summary>How many reads wait on <paramref name="hosts"/> for a client's write (<c>MASTER_GTID_WAIT</c>) now.</summary>
    private async Task<long> WaitingReadsAsync(IEnumerable<string> hosts)
    {
        var total = 0L;
        foreach (var host in hosts)
        {
            await using var command = new MySqlCommand(
                "SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE INFO LIKE 'SELECT MASTER_GTID_WAIT%'", Admin(host));
            total += Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
        }

        return total;
    }

    /// <summary>How many of <paramref name="reads"/> list reads (without a GTID) reached <paramref name="host"/>.</summary>
    private async Task<long> ReadsReachingAsync(string host, int reads)
    {
        var before = await SelectsAsync(host);
        for (var i = 0; i < reads; i++)
        {
            using var response = await GetAsync("/api/posts?limit=1");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        return await SelectsAsync(host) - before;
    }

    private Task WaitUntilEveryReplicaTakesReadsAsync(string[] replicas) => TestSite.EventuallyAsync(async () =>
    {
        var before = await Task.WhenAll(replicas.Select(SelectsAsync));
        await ReadsReachingAsync(replicas[0], reads: 2 * replicas.Length);
        var after = await Task.WhenAll(replicas.Select(SelectsAsync));
        return before.Zip(after).All(p => p.Second > p.First);
    }, s_noticeTimeout, "every replica takes reads");

    private Task<HttpResponseMessage> GetAsync(string path, string? gtid = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, new Uri(Site.Url, path));
        if (gtid is not null)
        {
            request.Headers.Add("Cookie", $"webinfra_gtid={Uri.EscapeDataString(gtid)}");
        }

        return _http.SendAsync(request);
    }

    private Task<HttpResponseMessage> PostAsync(string body) =>
        _http.PostAsJsonAsync(new Uri(Site.Url, "/api/posts"), new { author = "ada", body });

    /// <summary>Posts and returns the new post's id and the GTID the response handed back in its header and cookie.</summary>
    private async Task<(long Id, string Gtid)> CreatePostAsync(string body)
    {
        using var response = await PostAsync(body);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var gtid = Assert.Single(response.Headers.GetValues(GtidHeader));
        Assert.Matches(@"^\d+-\d+-\d+$", gtid);
        var cookie = Assert.Single(response.Headers.GetValues("Set-Cookie"));
        Assert.StartsWith($"webinfra_gtid={gtid};", cookie, StringComparison.Ordinal);
        using var post = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return (post.RootElement.GetProperty("id").GetInt64(), gtid);
    }

    private async Task<long?> NewestPostIdAsync(string? gtid)
    {
        using var response = await GetAsync("/api/posts?limit=1", gtid);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var posts = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return posts.RootElement.GetArrayLength() == 0 ? null : posts.RootElement[0].GetProperty("id").GetInt64();
    }
}

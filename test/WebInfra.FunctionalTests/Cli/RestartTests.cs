using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using MySqlConnector;
using WebInfra.FunctionalTests.Infrastructure;

namespace WebInfra.FunctionalTests.Cli;

/// <summary>
/// A site taken down without <c>--purge</c> keeps its data. Brought up again, here with a database node added (as a
/// user moving from the distributed preset to the secured one does), it serves what it had and takes writes: every
/// node starts read-only, and the monitor makes the old primary writable again once it finds it the most advanced.
/// </summary>
public sealed class RestartTests
{
    private const string ThirdDatabaseServer = """
          server-3:
            address: 127.0.19.3
            components:
              db: { port: 13306, role: replica }

        """;

    [Fact]
    public async Task Site_brought_up_again_with_a_new_replica_keeps_its_posts_and_takes_writes()
    {
        await using var site = await TestSite.StartAsync(TestTopologies.Monitored("127.0.19"));
        using (var before = await PostAsync(site, "before the restart"))
        {
            Assert.Equal(HttpStatusCode.Created, before.StatusCode);
        }

        var down = await site.RunAsync("down");
        Assert.True(down.ExitCode == 0, down.ToString());
        var topology = await File.ReadAllTextAsync(site.TopologyPath);
        await File.WriteAllTextAsync(site.TopologyPath, topology.Replace("backends:\n", ThirdDatabaseServer + "backends:\n", StringComparison.Ordinal));
        var up = await site.RunAsync("up", site.TopologyPath);
        Assert.True(up.ExitCode == 0, up.ToString());

        using var kept = await site.GetAsync("/api/posts/1");
        Assert.Equal(HttpStatusCode.OK, kept.StatusCode);
        await TestSite.EventuallyAsync(async () =>
        {
            using var after = await PostAsync(site, "after the restart");
            return after.StatusCode == HttpStatusCode.Created;
        }, TimeSpan.FromSeconds(15), "the site takes writes again");
        await using var newReplica = await site.OpenDatabaseAsync("127.0.19.3", 13306);
        await TestSite.EventuallyAsync(async () =>
        {
            await using var count = new MySqlCommand("SELECT COUNT(*) FROM foobar.posts", newReplica);
            return Convert.ToInt64(await count.ExecuteScalarAsync(), CultureInfo.InvariantCulture) >= 2;
        }, TimeSpan.FromSeconds(10), "the new replica has the posts from before and after the restart");
    }

    private static Task<HttpResponseMessage> PostAsync(TestSite site, string body) =>
        site.Http.PostAsJsonAsync(new Uri(site.Url, "/api/posts"), new { author = "ada", body });
}

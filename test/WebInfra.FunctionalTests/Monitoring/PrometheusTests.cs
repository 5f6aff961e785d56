using System.Text.Json;

namespace WebInfra.FunctionalTests.Monitoring;

/// <summary>A stock Prometheus, given only what <c>webinfra monitoring export</c> wrote, watches a running site.</summary>
public sealed class PrometheusTests(PrometheusSiteFixture fixture) : IClassFixture<PrometheusSiteFixture>
{
    private static readonly TimeSpan s_scrapeWait = TimeSpan.FromSeconds(45);

    private PrometheusProcess Prometheus => fixture.Prometheus;

    [Fact]
    public async Task Prometheus_scrapes_every_component_and_finds_each_up()
    {
        var targets = await WaitUntilEveryTargetIsUpAsync();

        Assert.Equal(PrometheusSiteFixture.ScrapedComponents.Order(), targets.Select(t => t.GetProperty("labels").GetProperty("component").GetString()).Order());
        Assert.All(targets, t => Assert.Equal(
            t.GetProperty("labels").GetProperty("component").GetString()!.Split('/')[0],
            t.GetProperty("labels").GetProperty("server").GetString()));
    }

    [Fact]
    public async Task Both_database_nodes_are_up_in_the_monitors_series()
    {
        await WaitUntilEveryTargetIsUpAsync();

        var nodes = await PollAsync(
            async () => (await Prometheus.ApiAsync("api/v1/query?query=webinfra_db_node_up")).GetProperty("result").EnumerateArray().ToDictionary(
                s => s.GetProperty("metric").GetProperty("node").GetString()!,
                s => s.GetProperty("value")[1].GetString()!),
            nodes => nodes.Count == 2 && nodes.Values.All(v => v == "1"),
            nodes => $"webinfra_db_node_up is 1 for both database nodes (last seen: {(nodes.Count == 0 ? "no series" : string.Join(", ", nodes.Select(n => $"{n.Key}={n.Value}")))})");

        Assert.Equal(["server-1/db", "server-2/db"], nodes.Keys.Order());
    }

    [Fact]
    public async Task Prometheus_loads_every_alert_rule()
    {
        var data = await Prometheus.ApiAsync("api/v1/rules?type=alert");

        var rules = data.GetProperty("groups").EnumerateArray().SelectMany(g => g.GetProperty("rules").EnumerateArray()).ToList();
        Assert.Equal(
            ["WebInfraComponentDown", "WebInfraDatabaseNodeDown", "WebInfraHighErrorRate", "WebInfraSlowResponses", "WebInfraReplicationLag", "WebInfraReplicaCutOff", "WebInfraNoHealthyBackend", "WebInfraFailoverHeld", "WebInfraNoPrimary", "WebInfraErrantTransactions", "WebInfraFailover", "WebInfraAccessLogDropping"],
            rules.Select(r => r.GetProperty("name").GetString()));
        Assert.All(rules, r => Assert.Equal("ok", r.GetProperty("health").GetString()));
        Assert.Contains(rules, r => r.GetProperty("query").GetString() == "webinfra_db_replication_lag_seconds > 3");
    }

    /// <summary>Waits (bounded) until Prometheus has scraped every target successfully, and returns them.</summary>
    private Task<List<JsonElement>> WaitUntilEveryTargetIsUpAsync() => PollAsync(
        async () => (await Prometheus.ApiAsync("api/v1/targets?state=active")).GetProperty("activeTargets").EnumerateArray().ToList(),
        targets => targets.Count == PrometheusSiteFixture.ScrapedComponents.Count && targets.All(t => t.GetProperty("health").GetString() == "up"),
        targets => $"Prometheus scraped all {PrometheusSiteFixture.ScrapedComponents.Count} targets successfully (last seen: {string.Join("; ", targets.Select(Describe))})");

    /// <summary>Asks Prometheus until the answer is <paramref name="done"/>; a scrape every 5 s makes that seconds.</summary>
    private static async Task<T> PollAsync<T>(Func<Task<T>> ask, Func<T, bool> done, Func<T, string> what)
    {
        var deadline = DateTime.UtcNow + s_scrapeWait;
        while (true)
        {
            var answer = await ask();
            if (done(answer))
            {
                return answer;
            }

            Assert.True(DateTime.UtcNow < deadline, $"timed out after {s_scrapeWait.TotalSeconds}s waiting until {what(answer)}");
            await Task.Delay(500);
        }
    }

    private static string Describe(JsonElement target) =>
        $"{target.GetProperty("labels").GetProperty("component").GetString()} {target.GetProperty("health").GetString()} {target.GetProperty("lastError").GetString()}";
}

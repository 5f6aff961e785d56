using System.Net;
using WebInfra.FunctionalTests.Infrastructure;
using WebInfra.Hosting.Administration;

namespace WebInfra.FunctionalTests.Reload;

/// <summary>
/// <c>webinfra reload</c> and <c>diff</c> against a running site, from outside: a third web server added and removed
/// under load with no failed request, a re-weight that changes whom the balancer picks, a drain that outlives a reload,
/// and the files and moments a reload refuses, each leaving the site as it was. Every test ends with the site back on
/// its first topology.
/// </summary>
public sealed class ReloadTests(ReloadSiteFixture fixture) : IClassFixture<ReloadSiteFixture>
{
    private static readonly string[] s_paths = ["/", "/robots.txt"];

    private TestSite Site => fixture.Site;

    [Fact]
    public async Task Invalid_file_changes_nothing_and_exits_2_with_its_location()
    {
        var path = fixture.Write("invalid.yaml", ReloadSiteFixture.WithServer3.Replace("interval: 200ms", "interval: soon", StringComparison.Ordinal));
        var applied = await File.ReadAllTextAsync(Path.Combine(Site.StateDirectory, "applied-topology.yaml"));

        var reload = await Site.RunAsync("reload", path);

        Assert.True(reload.ExitCode == 2, reload.ToString());
        Assert.Contains($"{path}:30:", reload.Error, StringComparison.Ordinal);
        Assert.Contains("'interval' in the health check of backend 'web' must be a duration", reload.Error, StringComparison.Ordinal);
        Assert.Equal(applied, await File.ReadAllTextAsync(Path.Combine(Site.StateDirectory, "applied-topology.yaml")));
        Assert.DoesNotContain("server-3/web", (await Site.NodeStatesAsync()).Keys);
        using var response = await Site.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Web_server_added_and_removed_under_load_fails_no_request()
    {
        var withServer3 = fixture.Write("with-server-3.yaml", ReloadSiteFixture.WithServer3);
        var diff = await Site.RunOkAsync("diff", withServer3);
        Assert.Contains("+ server-3/web (weight 1)  live", diff.Output, StringComparison.Ordinal);

        await using var load = GetLoad.Start(Site.Http, Site.Url, s_paths, connections: 4);
        await load.UntilServedAsync(100);
        await Site.RunOkAsync("reload", withServer3);
        var served = load.Count;
        await load.UntilServedAsync(served + 300);
        var pid = (await NodePidAsync("server-3/web"))!.Value;

        await Site.RunOkAsync("reload", Site.TopologyPath);
        var removed = load.Count;
        await load.UntilServedAsync(removed + 100);
        var results = await load.StopAsync();

        Assert.Empty(results.Failures);
        Assert.Contains("server-3/web", results.ServedBy.Skip(served));
        Assert.DoesNotContain("server-3/web", results.ServedByFrom(removed + 10));
        Assert.False(ProcessState.IsRunning(pid), $"server-3/web (pid {pid}) still runs after the reload that removed it");
        Assert.DoesNotContain("server-3/web", (await Site.NodeStatesAsync()).Keys);

        // A member the balancer did not start with is counted and forwarded to like the others, with no error in its log.
        var balancerLog = await File.ReadAllTextAsync(Path.Combine(Site.StateDirectory, "logs", "lb-01-balancer.log"));
        Assert.DoesNotContain("unhandled exception", balancerLog, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reweight_takes_effect_and_a_drain_survives_the_reload()
    {
        await Site.RunOkAsync("reload", fixture.Write("reweighted.yaml", ReloadSiteFixture.Reweighted));
        try
        {
            // Smooth weighted round robin repeats every 4 picks at weights 3 and 1: 40 requests in a row split 30 to 10.
            var picks = new List<string>();
            for (var i = 0; i < 40; i++)
            {
                using var response = await Site.GetAsync("/robots.txt");
                picks.Add(TestSite.ServedBy(response).ElementAtOrDefault(1) ?? "?");
            }

            Assert.Equal((30, 10), (picks.Count(p => p == "server-1/web"), picks.Count(p => p == "server-2/web")));

            await Site.RunOkAsync("drain", "server-2/web");
            await Site.RunOkAsync("reload", Site.TopologyPath);
            Assert.Equal(("DRAIN", 1), await MemberAsync("server-2/web"));
            Assert.Equal(("UP", 1), await MemberAsync("server-1/web"));
        }
        finally
        {
            await Site.RunOkAsync("undrain", "server-2/web");
            await Site.RunOkAsync("reload", Site.TopologyPath);
        }
    }

    [Theory]
    [InlineData("address", "an address change is a new server: add a server and remove the old one")]
    [InlineData("last-member", "it would remove the last member of backend 'web' that serves now")]
    public async Task Refused_change_exits_2_and_changes_nothing(string change, string reason)
    {
        var yaml = change == "address"
            ? ReloadSiteFixture.Reweighted.Replace("address: 127.0.48.2", "address: 127.0.48.4", StringComparison.Ordinal)
            : ReloadSiteFixture.WithServer3.Replace("members: [server-1/web, server-2/web, server-3/web]", "members: [server-3/web]", StringComparison.Ordinal);
        var path = fixture.Write($"refused-{change}.yaml", yaml);
        var applied = await File.ReadAllTextAsync(Path.Combine(Site.StateDirectory, "applied-topology.yaml"));

        var reload = await Site.RunAsync("reload", path);

        Assert.True(reload.ExitCode == 2, reload.ToString());
        Assert.Contains(reason, reload.Output, StringComparison.Ordinal);
        Assert.Contains("the reload is refused", reload.Error, StringComparison.Ordinal);
        Assert.Equal(applied, await File.ReadAllTextAsync(Path.Combine(Site.StateDirectory, "applied-topology.yaml")));
        Assert.Equal(("UP", 1), await MemberAsync("server-1/web"));
        Assert.DoesNotContain("server-3/web", (await Site.NodeStatesAsync()).Keys);
    }

    [Fact]
    public async Task Second_change_while_one_holds_the_lock_is_refused_with_its_holder()
    {
        var withServer3 = fixture.Write("with-server-3-locked.yaml", ReloadSiteFixture.WithServer3);
        var holderFile = Path.Combine(Site.StateDirectory, "change.lock.holder");
        var first = Site.RunAsync("reload", withServer3);
        await TestSite.EventuallyAsync(() => Task.FromResult(File.Exists(holderFile) || first.IsCompleted), TimeSpan.FromSeconds(60), "the first reload holds the lock");

        var second = await Site.RunAsync("reload", Site.TopologyPath);

        Assert.True((await first).ExitCode == 0, (await first).ToString());
        Assert.True(second.ExitCode == 1, second.ToString());
        Assert.Contains($"the site is being changed already: reload of {withServer3} (pid", second.Error, StringComparison.Ordinal);
        await Site.RunOkAsync("reload", Site.TopologyPath);
        Assert.DoesNotContain("server-3/web", (await Site.NodeStatesAsync()).Keys);
    }

    [Fact]
    public async Task Reload_endpoint_answers_401_without_credentials_and_403_with_the_read_token()
    {
        var uri = new Uri(ReloadSiteFixture.BalancerAdmin, "/topology/reload");

        using var anonymous = await Site.SendAdminAsync(HttpMethod.Post, uri, token: string.Empty);
        using var reader = await Site.SendAdminAsync(HttpMethod.Post, uri, AdminScope.Read);

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, reader.StatusCode);
    }

    private async Task<(string State, int Weight)> MemberAsync(string member)
    {
        using var status = await Site.StatusAsync();
        var element = status.RootElement.GetProperty("backends").EnumerateArray()
            .Single(b => b.GetProperty("seen_by").GetString() == "lb-01/balancer")
            .GetProperty("members").EnumerateArray()
            .Single(m => m.GetProperty("name").GetString() == member);
        return (element.GetProperty("state").GetString()!, element.GetProperty("weight").GetInt32());
    }

    private async Task<int?> NodePidAsync(string node)
    {
        using var status = await Site.StatusAsync();
        return status.RootElement.GetProperty("nodes").EnumerateArray()
            .Single(n => n.GetProperty("name").GetString() == node)
            .GetProperty("pid").GetInt32();
    }
}

using System.Text.Json;
using WebInfra.FunctionalTests.Infrastructure;

namespace WebInfra.FunctionalTests.Deploying;

/// <summary>
/// <c>deploy</c>, <c>rollback</c> and <c>deploy history</c> on a real site running the Python notes application: a
/// changed page and a changed application rolled out under load fail no request and end on every server; a rollback
/// brings the old ones back; old releases are pruned; a release whose application does not start, or that answers
/// more 5xx than the old one, is stopped by the canary; and a second deploy while one runs is refused.
/// </summary>
public sealed class DeployTests(DeploySiteFixture fixture) : IClassFixture<DeploySiteFixture>
{
    private static readonly HttpClient s_direct = new(new SocketsHttpHandler { UseProxy = false, PooledConnectionLifetime = TimeSpan.Zero })
    {
        Timeout = TimeSpan.FromSeconds(10),
    };

    private TestSite Site => fixture.Site;

    [Fact]
    public async Task Deploy_under_load_fails_no_request_and_every_server_ends_on_the_new_page_and_application_and_rollback_brings_the_old_back()
    {
        var before = await ServedVersionsAsync();
        var version = "v-" + Guid.NewGuid().ToString("N")[..8];
        var site = fixture.NewFolder("site");
        var app = fixture.NewFolder("app");
        await DeploySiteFixture.WriteReleaseAsync(site, app, version);

        var load = GetLoad.Start(Site.Http, Site.Url, ["/", "/version.txt"], connections: 4);
        await load.UntilServedAsync(20);
        var deploy = await Site.RunAsync("deploy", "--site", site, "--app", app, "--message", $"page and footer {version}");
        await load.UntilServedAsync(load.Count + 20);
        var results = await load.StopAsync();

        Assert.True(deploy.ExitCode == 0, deploy.ToString());
        Assert.Contains("canary passed", deploy.Output, StringComparison.Ordinal);
        Assert.True(results.Failures.Count == 0, $"{results.Failures.Count} of {results.ServedBy.Count + results.Failures.Count} requests failed: {string.Join("; ", results.Failures.Take(5))}");
        Assert.All(await ServedVersionsAsync(), served => Assert.Equal((version, version), served));
        var deployed = fixture.Releases("server-1").Current;
        Assert.All(DeploySiteFixture.Servers, server => Assert.Equal(deployed, fixture.Releases(server).Current));

        var rollback = await Site.RunAsync("rollback");
        Assert.True(rollback.ExitCode == 0, rollback.ToString());
        Assert.Equal(before, await ServedVersionsAsync());

        using var history = JsonDocument.Parse((await Site.RunOkAsync("deploy", "history", "--json")).Output);
        var records = history.RootElement.EnumerateArray().ToList();
        var made = records.Single(r => r.GetProperty("release").GetString() == deployed && r.GetProperty("command").GetString() == "deploy");
        Assert.Equal(("Deployed", $"page and footer {version}"), (made.GetProperty("result").GetString(), made.GetProperty("message").GetString()));
        Assert.Equal(("rollback", "RolledBackTo"), (records[^1].GetProperty("command").GetString(), records[^1].GetProperty("result").GetString()));
    }

    [Fact]
    public async Task Releases_beyond_keep_are_pruned_but_never_the_current_one_or_the_one_before_it()
    {
        for (var i = 0; i < 3; i++)
        {
            var site = fixture.NewFolder("site");
            var app = fixture.NewFolder("app");
            await DeploySiteFixture.WriteReleaseAsync(site, app, $"prune-{i}");
            await Site.RunOkAsync("deploy", "--site", site, "--app", app);
        }

        foreach (var server in DeploySiteFixture.Servers)
        {
            var store = fixture.Releases(server);
            Assert.Equal([store.Previous!, store.Current!], store.Ids);
        }

        var table = await Site.RunOkAsync("deploy", "history");
        Assert.Contains("deployed", table.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_release_whose_application_does_not_start_is_rolled_back_by_the_canary_and_the_site_keeps_serving_the_old_one()
    {
        var before = await ServedVersionsAsync();
        var current = DeploySiteFixture.Servers.Select(s => fixture.Releases(s).Current).ToList();
        var app = fixture.NewFolder("app");
        await File.WriteAllTextAsync(Path.Combine(app, "app.py"), "import sys\nprint('broken-release-marker: no module named notes', file=sys.stderr)\nsys.exit(3)\n");

        var deploy = await Site.RunAsync("deploy", "--app", app, "--message", "broken");

        Assert.True(deploy.ExitCode == 1, deploy.ToString());
        Assert.Contains("canary server-1 failed", deploy.Error, StringComparison.Ordinal);
        Assert.Contains("broken-release-marker", deploy.Error, StringComparison.Ordinal);
        Assert.Equal(current, DeploySiteFixture.Servers.Select(s => fixture.Releases(s).Current).ToList());
        Assert.Equal(before, await ServedVersionsAsync());
        using (var page = await Site.GetAsync("/"))
        {
            Assert.True(page.IsSuccessStatusCode, $"the site answered {(int)page.StatusCode}");
        }

        using var history = JsonDocument.Parse((await Site.RunOkAsync("deploy", "history", "--json")).Output);
        var last = history.RootElement.EnumerateArray().Last();
        Assert.Equal(("broken", "RolledBackByCanary"), (last.GetProperty("message").GetString(), last.GetProperty("result").GetString()));
    }

    [Fact]
    public async Task A_release_that_answers_5xx_while_healthy_is_rolled_back_by_the_canary_from_its_error_rate()
    {
        var before = await ServedVersionsAsync();
        var site = fixture.NewFolder("site");
        var app = fixture.NewFolder("app");
        await DeploySiteFixture.WriteReleaseAsync(site, app, "failing");
        var code = Path.Combine(app, "app.py");
        await File.WriteAllTextAsync(code, (await File.ReadAllTextAsync(code)).Replace(
            "        if path == \"/\":\n            return self.page()",
            "        if path == \"/\":\n            return self.reply(500, \"text/plain\", b\"failing-release-marker\\n\")",
            StringComparison.Ordinal));

        var load = GetLoad.Start(Site.Http, Site.Url, ["/"], connections: 2);
        var deploy = await Site.RunAsync("deploy", "--site", site, "--app", app, "--message", "answers 500");
        await load.StopAsync();

        Assert.True(deploy.ExitCode == 1, deploy.ToString());
        Assert.Contains("canary server-1 failed", deploy.Error, StringComparison.Ordinal);
        Assert.Contains("requests answered 5xx", deploy.Error, StringComparison.Ordinal);
        Assert.Equal(before, await ServedVersionsAsync());
        using var history = JsonDocument.Parse((await Site.RunOkAsync("deploy", "history", "--json")).Output);
        Assert.Equal("RolledBackByCanary", history.RootElement.EnumerateArray().Last().GetProperty("result").GetString());
    }

    [Fact]
    public async Task A_second_deploy_while_one_runs_is_refused_naming_the_first()
    {
        var first = Site.RunAsync("deploy", "--message", "first of two");
        var holder = Path.Combine(Site.StateDirectory, "change.lock.holder");
        await TestSite.EventuallyAsync(() => Task.FromResult(File.Exists(holder) || first.IsCompleted), TimeSpan.FromSeconds(60), "the first deploy holds the lock");

        var second = await Site.RunAsync("deploy", "--message", "second of two");

        Assert.True((await first).ExitCode == 0, (await first).ToString());
        Assert.Equal(1, second.ExitCode);
        Assert.Contains("the site is being changed already: deploy of", second.Error, StringComparison.Ordinal);
    }

    /// <summary>What each server serves, asked of its own web server and application: (<c>version.txt</c>, the version in the page's footer).</summary>
    private static async Task<List<(string Page, string Application)>> ServedVersionsAsync()
    {
        var served = new List<(string, string)>();
        foreach (var address in new[] { "127.0.49.1", "127.0.49.2" })
        {
            var page = await s_direct.GetStringAsync(new Uri($"http://{address}:18081/version.txt"));
            var html = await s_direct.GetStringAsync(new Uri($"http://{address}:18082/"));
            var footer = html[(html.IndexOf("(Python, ", StringComparison.Ordinal) + "(Python, ".Length)..];
            served.Add((page, footer[..footer.IndexOf(')', StringComparison.Ordinal)]));
        }

        return served;
    }
}

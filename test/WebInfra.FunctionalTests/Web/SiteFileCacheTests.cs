using System.Diagnostics;
using WebInfra.FunctionalTests.Infrastructure;
using WebInfra.FunctionalTests.Security;

namespace WebInfra.FunctionalTests.Web;

/// <summary>
/// A web server answers static requests from memory and trusts what it read for a second; a file added, changed or
/// deleted on disk must still show through the balancer soon after, with no restart and no file watcher.
/// </summary>
public sealed class SiteFileCacheTests(HardeningSiteFixture fixture) : IClassFixture<HardeningSiteFixture>
{
    private static readonly TimeSpan s_patience = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task File_added_changed_and_deleted_on_disk_is_served_as_it_is_now()
    {
        var path = Path.Combine(fixture.Files, "fresh.txt");
        Assert.Equal(404, (await GetAsync("/fresh.txt")).StatusCode);

        await File.WriteAllTextAsync(path, "first");
        await ServedAsync("/fresh.txt", response => response.StatusCode == 200 && response.Body == "first");

        await File.WriteAllTextAsync(path, "second, longer");
        await ServedAsync("/fresh.txt", response => response.StatusCode == 200 && response.Body == "second, longer");

        File.Delete(path);
        await ServedAsync("/fresh.txt", response => response.StatusCode == 404);
    }

    private Task<RawResponse> GetAsync(string target) =>
        RawHttp.SendAsync(fixture.Balancer, $"GET {target} HTTP/1.1\r\nHost: www.foobar.com\r\nConnection: close\r\n\r\n", fixture.Client);

    private async Task ServedAsync(string target, Func<RawResponse, bool> expected)
    {
        var clock = Stopwatch.StartNew();
        RawResponse response;
        while (!expected(response = await GetAsync(target)) && clock.Elapsed < s_patience)
        {
            await Task.Delay(200);
        }

        Assert.True(expected(response), $"{target} after {clock.Elapsed.TotalSeconds:F1} s: {response}");
    }
}

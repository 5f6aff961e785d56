using System.Diagnostics;
using System.Globalization;
using WebInfra.FunctionalTests.Infrastructure;
using WebInfra.FunctionalTests.Security;

namespace WebInfra.FunctionalTests.Web;

/// <summary>
/// A web server answers static requests from memory and trusts what it read for a second; a file added, changed or
/// deleted on disk in the folder it serves (its server's release in service) must still show through the balancer soon
/// after, with no restart and no file watcher.
/// </summary>
public sealed class SiteFileCacheTests(HardeningSiteFixture fixture) : IClassFixture<HardeningSiteFixture>
{
    private static readonly TimeSpan s_patience = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task File_added_changed_and_deleted_on_disk_is_served_as_it_is_now()
    {
        var path = Path.Combine(fixture.ServedFiles, "fresh.txt");
        Assert.Equal(404, (await GetAsync("/fresh.txt")).StatusCode);

        await File.WriteAllTextAsync(path, "first");
        await ServedAsync("/fresh.txt", response => response.StatusCode == 200 && response.Body == "first");

        await File.WriteAllTextAsync(path, "second, longer");
        await ServedAsync("/fresh.txt", response => response.StatusCode == 200 && response.Body == "second, longer");

        File.Delete(path);
        await ServedAsync("/fresh.txt", response => response.StatusCode == 404);
    }

    [Fact]
    public async Task File_held_in_memory_is_sent_whole_and_in_ranges()
    {
        // 200,000 bytes: more than one of the pieces a held file is written in (64 KiB), less than the 1 MiB a file
        // may have to be held. Digits that say where they are, so that a piece out of place shows.
        var content = string.Concat(Enumerable.Range(0, 20_000).Select(i => i.ToString("D10", CultureInfo.InvariantCulture)));
        await File.WriteAllTextAsync(Path.Combine(fixture.ServedFiles, "large.txt"), content);
        await ServedAsync("/large.txt", response => response.StatusCode == 200 && response.Body == content);

        var whole = await GetAsync("/large.txt");
        var across = await GetAsync("/large.txt", "Range: bytes=65530-131080\r\n");
        var last = await GetAsync("/large.txt", "Range: bytes=-7\r\n");

        Assert.Equal((200, content.Length), (whole.StatusCode, whole.Body.Length));
        Assert.True(whole.Body == content, "the whole file differs from the one on disk");
        Assert.Equal((206, "bytes 65530-131080/200000"), (across.StatusCode, across.Header("Content-Range")));
        Assert.True(across.Body == content[65530..131081], "the range across two pieces differs from the file's bytes");
        Assert.Equal((206, content[^7..]), (last.StatusCode, last.Body));
    }

    private Task<RawResponse> GetAsync(string target, string headers = "") =>
        RawHttp.SendAsync(fixture.Balancer, $"GET {target} HTTP/1.1\r\nHost: www.foobar.com\r\n{headers}Connection: close\r\n\r\n", fixture.Client);

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

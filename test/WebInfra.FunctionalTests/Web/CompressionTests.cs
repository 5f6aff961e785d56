using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using WebInfra.FunctionalTests.Infrastructure;

namespace WebInfra.FunctionalTests.Web;

/// <summary>
/// Compression at the web tier, seen from a client of the balancer: files and forwarded pages in the coding the
/// client asks for, precompressed files as they are on disk, small files as they are; and the client's address as
/// the application receives it.
/// </summary>
public sealed class CompressionTests(CompressionSiteFixture fixture) : IClassFixture<CompressionSiteFixture>
{
    private static readonly TimeSpan s_patience = TimeSpan.FromSeconds(15);

    [Theory]
    [InlineData("gzip", "gzip")]
    [InlineData("br", "br")]
    [InlineData("gzip, deflate, br", "br")]
    [InlineData("br;q=0.5, gzip", "gzip")]
    [InlineData(null, null)]
    public async Task Text_file_is_sent_in_the_coding_the_client_asks_for_with_Vary(string? acceptEncoding, string? expected)
    {
        using var response = await GetAsync("/compression/site.css", acceptEncoding);
        var body = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(expected, response.Content.Headers.ContentEncoding.SingleOrDefault());
        Assert.Contains("Accept-Encoding", response.Headers.Vary);
        Assert.Equal("text/css", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(CompressionSiteFixture.Stylesheet, Decode(body, expected));
        if (expected is not null)
        {
            Assert.True(body.Length < CompressionSiteFixture.Stylesheet.Length / 4, $"{body.Length} bytes compressed for {CompressionSiteFixture.Stylesheet.Length}");

            // Sent from the compressed copy the web server keeps of the file it holds: an entity of its own, with an
            // ETag of its own, never the identity body's.
            using var identity = await GetAsync("/compression/site.css", acceptEncoding: null);
            Assert.NotNull(response.Headers.ETag);
            Assert.NotEqual(identity.Headers.ETag, response.Headers.ETag);
        }
    }

    [Fact]
    public async Task Precompressed_file_is_sent_as_it_is_on_disk()
    {
        using var response = await GetAsync("/compression/bundle.css", "gzip, deflate, br");

        Assert.Equal("br", response.Content.Headers.ContentEncoding.Single());
        Assert.Equal("text/css", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Accept-Encoding", response.Headers.Vary);
        Assert.Equal(fixture.BundleBrotli, await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Small_file_is_sent_as_it_is()
    {
        using var response = await GetAsync("/compression/small.txt", "gzip, br");

        Assert.Empty(response.Content.Headers.ContentEncoding);
        Assert.Equal(CompressionSiteFixture.Small, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Page_forwarded_from_the_application_arrives_compressed()
    {
        for (var i = 0; i < 3; i++)
        {
            using var posted = await fixture.Http.PostAsJsonAsync("/api/posts", new { author = "ada", body = $"post {i}: " + new string('x', 300) });
            Assert.Equal(HttpStatusCode.Created, posted.StatusCode);
        }

        using var page = await GetAsync("/", "gzip");
        using var posts = await GetAsync("/api/posts", "br");

        Assert.Equal(("gzip", "text/html"), (page.Content.Headers.ContentEncoding.SingleOrDefault(), page.Content.Headers.ContentType?.MediaType));
        Assert.Contains("Latest posts", Decode(await page.Content.ReadAsByteArrayAsync(), "gzip"), StringComparison.Ordinal);
        Assert.Equal(("br", "application/json"), (posts.Content.Headers.ContentEncoding.SingleOrDefault(), posts.Content.Headers.ContentType?.MediaType));
        Assert.Contains("\"author\":\"ada\"", Decode(await posts.Content.ReadAsByteArrayAsync(), "br"), StringComparison.Ordinal);
    }

    /// <summary>
    /// server-2's application server is replaced by a <see cref="RecordingMember"/> on its address and port, so the
    /// headers are read exactly as the web server sent them, after the balancer and the web server each did their part.
    /// </summary>
    [Fact]
    public async Task Application_sees_the_client_then_the_balancer_and_never_what_the_client_claimed()
    {
        await fixture.Site.RunOkAsync("kill", "server-2/app");
        try
        {
            await using var member = await RecordingMember.StartAsync(CompressionSiteFixture.Server2App);
            await TestSite.EventuallyAsync(async () =>
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, "/who-am-i");
                request.Headers.Add("X-Forwarded-For", "10.6.6.6");
                request.Headers.Add("X-Forwarded-Host", "evil.example");
                request.Headers.Add("Forwarded", "for=10.6.6.6");
                using var response = await fixture.Http.SendAsync(request);
                return !member.Requests.IsEmpty;
            }, s_patience, "a request reaches the recording member in server-2/app's place");

            Assert.True(member.Requests.TryPeek(out var headers));
            Assert.True(headers.ContainsKey("X-Forwarded-For"), "no X-Forwarded-For: " + string.Join("; ", headers.Select(h => $"{h.Key}: {h.Value}")));
            Assert.Equal("127.0.35.100, 127.0.35.10", headers["X-Forwarded-For"]);
            Assert.Equal("http", headers["X-Forwarded-Proto"]);
            Assert.Equal("127.0.35.10:13580", headers["X-Forwarded-Host"]);
            Assert.False(headers.ContainsKey("Forwarded"), "the client's Forwarded header reached the application");
        }
        finally
        {
            await fixture.Site.RunOkAsync("start", "server-2/app");
        }
    }

    private async Task<HttpResponseMessage> GetAsync(string path, string? acceptEncoding)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (acceptEncoding is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept-Encoding", acceptEncoding);
        }

        return await fixture.Http.SendAsync(request);
    }

    private static string Decode(byte[] body, string? coding)
    {
        using Stream decoded = coding switch
        {
            "gzip" => new GZipStream(new MemoryStream(body), CompressionMode.Decompress),
            "br" => new BrotliStream(new MemoryStream(body), CompressionMode.Decompress),
            _ => new MemoryStream(body),
        };
        using var reader = new StreamReader(decoded, Encoding.UTF8);
        return reader.ReadToEnd();
    }
}

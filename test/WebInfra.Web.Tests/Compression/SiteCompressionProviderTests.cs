using System.IO.Compression;
using WebInfra.Topology.Model;

namespace WebInfra.Web.Tests.Compression;

public sealed class SiteCompressionProviderTests : IAsyncDisposable
{
    // Compressed on the fly: with precompressed files on, the site's files would be sent from their compressed copies
    // (CompressedCopiesTests); the responses forwarded from the application are compressed on the fly either way.
    private readonly CompressingSite _site = new(CompressionSettings.Default with { Precompressed = false });

    public ValueTask DisposeAsync() => _site.DisposeAsync();

    [Theory]
    [InlineData("gzip", "gzip")]
    [InlineData("br", "br")]
    [InlineData("gzip, deflate, br", "br")]
    [InlineData("br;q=0.5, gzip", "gzip")]
    [InlineData("br;q=0.8, gzip;q=0.9", "gzip")]
    [InlineData("gzip;q=0", null)]
    [InlineData("identity", null)]
    [InlineData("deflate", null)]
    [InlineData("*", "br")]
    [InlineData(null, null)]
    public async Task Text_file_is_sent_in_the_coding_the_client_rates_highest_with_Vary(string? acceptEncoding, string? expected)
    {
        var response = await _site.SendAsync("/page.html", acceptEncoding);

        Assert.Equal(200, response.StatusCode);
        Assert.Equal(expected, response.ContentEncoding);
        Assert.True(response.VariesByAcceptEncoding, "no Vary: Accept-Encoding");
        Assert.Equal(SiteFolder.Page, response.Text);
        Assert.Equal(expected is null ? SiteFolder.Page.Length : null, response.Headers.ContentLength);
    }

    [Fact]
    public async Task Compressed_body_is_smaller_and_its_ETag_weak_but_still_revalidates()
    {
        var identity = await _site.SendAsync("/page.html");
        var gzip = await _site.SendAsync("/page.html", "gzip");
        var revalidated = await _site.SendAsync("/page.html", "gzip", headers: ("If-None-Match", gzip.Headers.ETag.ToString()));

        Assert.True(gzip.Body.Length < identity.Body.Length / 2, $"{gzip.Body.Length} compressed bytes for {identity.Body.Length}");
        Assert.StartsWith("\"", identity.Headers.ETag.ToString(), StringComparison.Ordinal);
        Assert.Equal("W/" + identity.Headers.ETag, gzip.Headers.ETag.ToString());
        Assert.Equal(304, revalidated.StatusCode);
        Assert.Equal((gzip.Headers.ETag.ToString(), true, null), (revalidated.Headers.ETag.ToString(), revalidated.VariesByAcceptEncoding, revalidated.ContentEncoding));
    }

    [Fact]
    public async Task Small_file_is_sent_as_it_is()
    {
        var response = await _site.SendAsync("/small.txt", "gzip, br");

        Assert.Null(response.ContentEncoding);
        Assert.False(response.VariesByAcceptEncoding, "a response never compressed needs no Vary");
        Assert.Equal(SiteFolder.Small, response.Text);
    }

    [Fact]
    public async Task Image_is_not_compressed_again()
    {
        var response = await _site.SendAsync("/image.png", "gzip, br");

        Assert.Null(response.ContentEncoding);
        Assert.Equal(4096, response.Body.Length);
        Assert.False(response.VariesByAcceptEncoding);
    }

    [Fact]
    public async Task Range_is_answered_from_the_identity_body()
    {
        var response = await _site.SendAsync("/page.html", "gzip, br", headers: ("Range", "bytes=0-99"));

        Assert.Equal(206, response.StatusCode);
        Assert.Null(response.ContentEncoding);
        Assert.Equal(SiteFolder.Page[..100], response.Text);
    }

    [Fact]
    public async Task HEAD_says_what_GET_would_send()
    {
        var get = await _site.SendAsync("/page.html", "br");
        var head = await _site.SendAsync("/page.html", "br", method: "HEAD");

        Assert.Equal(("br", true, get.Headers.ETag.ToString()), (head.ContentEncoding, head.VariesByAcceptEncoding, head.Headers.ETag.ToString()));
        Assert.Empty(head.Body);
    }

    [Fact]
    public async Task Forwarded_response_is_compressed_when_the_application_did_not()
    {
        var response = await _site.SendAsync("/api/posts", "gzip");

        Assert.Equal("gzip", response.ContentEncoding);
        Assert.True(response.VariesByAcceptEncoding);
        Assert.Equal(CompressingSite.ForwardedJson, response.Text);
    }

    [Fact]
    public async Task Response_the_application_compressed_is_not_compressed_twice()
    {
        var response = await _site.SendAsync("/encoded", "gzip, br");

        Assert.Equal("gzip", response.ContentEncoding);
        Assert.Equal(CompressingSite.ForwardedJson, response.Text);
    }

    [Fact]
    public async Task Level_types_min_size_and_encodings_come_from_the_topology()
    {
        var settings = CompressionSettings.Default with { Brotli = false, Level = CompressionLevel.SmallestSize, MinSize = 8192, Types = ["application/json"] };
        await using var site = new CompressingSite(settings);

        Assert.Equal("gzip", (await site.SendAsync("/api/posts", "br, gzip")).ContentEncoding);
        Assert.Null((await site.SendAsync("/api/posts", "br")).ContentEncoding);
        Assert.Null((await site.SendAsync("/page.html", "gzip")).ContentEncoding);
    }

    [Fact]
    public async Task Site_with_compression_off_sends_everything_as_it_is()
    {
        await using var site = new CompressingSite(CompressionSettings.Default with { Gzip = false, Brotli = false });

        var page = await site.SendAsync("/page.html", "gzip, br");
        var style = await site.SendAsync("/style.css", "gzip, br");

        Assert.Equal((null, false), (page.ContentEncoding, page.VariesByAcceptEncoding));
        Assert.Equal((null, SiteFolder.Style), (style.ContentEncoding, style.Text));
    }
}

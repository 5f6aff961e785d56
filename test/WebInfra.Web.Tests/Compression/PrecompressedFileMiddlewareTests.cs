using WebInfra.Topology.Model;

namespace WebInfra.Web.Tests.Compression;

public sealed class PrecompressedFileMiddlewareTests : IAsyncDisposable
{
    private readonly CompressingSite _site = new(CompressionSettings.Default);

    public ValueTask DisposeAsync() => _site.DisposeAsync();

    [Fact]
    public async Task Brotli_variant_is_sent_as_it_is_with_the_original_type()
    {
        var response = await _site.SendAsync("/style.css", "gzip, deflate, br");

        Assert.Equal((200, "br"), (response.StatusCode, response.ContentEncoding));
        Assert.Equal(_site.Files.StyleBrotli, response.Body);
        Assert.Equal("text/css", response.Headers.ContentType.ToString());
        Assert.Equal(_site.Files.StyleBrotli.Length, response.Headers.ContentLength);
        Assert.True(response.VariesByAcceptEncoding);
        Assert.Equal(SiteSettings.DefaultCacheControl, response.Headers.CacheControl.ToString());
    }

    [Fact]
    public async Task Gzip_variant_is_sent_to_a_client_that_prefers_gzip()
    {
        var response = await _site.SendAsync("/style.css", "br;q=0.1, gzip");

        Assert.Equal("gzip", response.ContentEncoding);
        Assert.Equal(_site.Files.StyleGzip, response.Body);
    }

    [Fact]
    public async Task Client_that_accepts_neither_gets_the_original_with_Vary()
    {
        var response = await _site.SendAsync("/style.css", "deflate");

        Assert.Null(response.ContentEncoding);
        Assert.Equal(SiteFolder.Style, response.Text);
        Assert.Single(response.Headers.Vary.ToString().Split(','), v => v.Trim() == "Accept-Encoding");
    }

    [Fact]
    public async Task Client_that_names_no_coding_gets_the_original_with_one_Vary()
    {
        var response = await _site.SendAsync("/style.css");

        Assert.Null(response.ContentEncoding);
        Assert.Equal(SiteFolder.Style, response.Text);
        Assert.Equal("Accept-Encoding", response.Headers.Vary.ToString());
    }

    [Fact]
    public async Task Variant_has_an_ETag_of_its_own()
    {
        var identity = await _site.SendAsync("/style.css");
        var brotli = await _site.SendAsync("/style.css", "br");

        Assert.NotEqual(identity.Headers.ETag.ToString().Replace("W/", "", StringComparison.Ordinal), brotli.Headers.ETag.ToString().Replace("W/", "", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Variant_revalidates_with_its_own_ETag_and_coding()
    {
        var brotli = await _site.SendAsync("/style.css", "br");
        var revalidated = await _site.SendAsync("/style.css", "br", headers: ("If-None-Match", brotli.Headers.ETag.ToString()));

        Assert.Equal(304, revalidated.StatusCode);
        Assert.Equal((brotli.Headers.ETag.ToString(), "br", true), (revalidated.Headers.ETag.ToString(), revalidated.ContentEncoding, revalidated.VariesByAcceptEncoding));
    }

    [Fact]
    public async Task Range_gets_bytes_of_the_original()
    {
        var response = await _site.SendAsync("/style.css", "br", headers: ("Range", "bytes=0-9"));

        Assert.Equal((206, null), (response.StatusCode, response.ContentEncoding));
        Assert.Equal(SiteFolder.Style[..10], response.Text);
    }

    [Fact]
    public async Task Variant_is_not_used_for_an_encoding_the_topology_turns_off()
    {
        await using var site = new CompressingSite(CompressionSettings.Default with { Brotli = false });

        var response = await site.SendAsync("/style.css", "br");

        Assert.Null(response.ContentEncoding);
        Assert.Equal(SiteFolder.Style, response.Text);
    }

    [Fact]
    public async Task Variants_are_ignored_when_precompressed_is_off()
    {
        await using var site = new CompressingSite(CompressionSettings.Default with { Precompressed = false });

        var response = await site.SendAsync("/style.css", "br");

        Assert.Equal("br", response.ContentEncoding);
        Assert.NotEqual(_site.Files.StyleBrotli, response.Body);
        Assert.Equal(SiteFolder.Style, response.Text);
    }
}

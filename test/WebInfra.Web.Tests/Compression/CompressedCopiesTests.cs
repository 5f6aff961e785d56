using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.FileProviders.Physical;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Net.Http.Headers;
using WebInfra.Topology.Model;
using WebInfra.Web.Compression;
using WebInfra.Web.StaticFiles;

namespace WebInfra.Web.Tests.Compression;

public sealed class CompressedCopiesTests : IDisposable
{
    private readonly SiteFolder _site = new();
    private readonly FakeTimeProvider _time = new();
    private readonly CompressedCopies _files;

    public CompressedCopiesTests() =>
        _files = new CompressedCopies(
            new SiteFileCache(new PhysicalFileProvider(_site.Path, ExclusionFilters.Sensitive), FileCacheSettings.Default, _time),
            CompressionSettings.Default);

    [Theory]
    [InlineData(".gz")]
    [InlineData(".br")]
    public void A_held_text_file_has_a_compressed_copy_made_once_that_decodes_to_it(string suffix)
    {
        var copy = Assert.IsType<CachedFile>(_files.GetFileInfo("/page.html" + suffix));

        Assert.Equal(SiteFolder.Page, Decode(copy, suffix));
        Assert.True(copy.Length < SiteFolder.Page.Length / 4, $"{copy.Length} bytes for {SiteFolder.Page.Length}");
        Assert.Equal("page.html" + suffix, copy.Name);
        Assert.Same(copy, _files.GetFileInfo("/page.html" + suffix));
    }

    [Fact]
    public void A_file_changed_on_disk_gets_a_new_copy_once_the_cache_sees_the_change()
    {
        var first = _files.GetFileInfo("/page.html.gz");
        _site.Write("page.html", Encoding.UTF8.GetBytes(SiteFolder.Page + "<p>one more</p>\n"));
        File.SetLastWriteTimeUtc(Path.Combine(_site.Path, "page.html"), DateTime.UtcNow.AddMinutes(1));
        _time.Advance(FileCacheSettings.Default.Valid);

        var second = Assert.IsType<CachedFile>(_files.GetFileInfo("/page.html.gz"));

        Assert.NotSame(first, second);
        Assert.EndsWith("<p>one more</p>\n", Decode(second, ".gz"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/small.txt.gz")]
    [InlineData("/image.png.gz")]
    [InlineData("/missing.html.gz")]
    [InlineData("/page.html.zst")]
    public void No_copy_of_a_small_file_an_image_a_missing_file_or_in_another_coding(string path)
    {
        Assert.False(_files.GetFileInfo(path).Exists);
    }

    [Fact]
    public void A_copy_on_disk_wins_over_one_made_in_memory()
    {
        var onDisk = _files.GetFileInfo("/style.css.br");

        Assert.Equal(_site.StyleBrotli, ((CachedFile)onDisk).Content.ToArray());
    }

    [Fact]
    public void No_copy_in_a_coding_that_is_turned_off()
    {
        var gzipOnly = new CompressedCopies(
            new SiteFileCache(new PhysicalFileProvider(_site.Path, ExclusionFilters.Sensitive), FileCacheSettings.Default, _time),
            CompressionSettings.Default with { Brotli = false });

        Assert.False(gzipOnly.GetFileInfo("/page.html.br").Exists);
        Assert.True(gzipOnly.GetFileInfo("/page.html.gz").Exists);
    }

    [Fact]
    public async Task A_held_file_is_sent_from_its_copy_with_its_own_strong_ETag_and_revalidates()
    {
        await using var site = new CompressingSite(CompressionSettings.Default);

        var identity = await site.SendAsync("/page.html");
        var gzip = await site.SendAsync("/page.html", "gzip");
        var revalidated = await site.SendAsync("/page.html", "gzip", headers: ("If-None-Match", gzip.Headers.ETag.ToString()));

        Assert.Equal(("gzip", SiteFolder.Page), (gzip.ContentEncoding, gzip.Text));
        Assert.Equal(gzip.Body.Length, gzip.Headers.ContentLength);
        Assert.True(gzip.VariesByAcceptEncoding, "no Vary: Accept-Encoding");
        Assert.StartsWith("\"", gzip.Headers.ETag.ToString(), StringComparison.Ordinal);
        Assert.NotEqual(identity.Headers.ETag.ToString(), gzip.Headers.ETag.ToString());
        Assert.Equal((304, "gzip"), (revalidated.StatusCode, revalidated.ContentEncoding));
    }

    public void Dispose() => _site.Dispose();

    /// <summary>The copy's content decoded, as a client would get it with its coding.</summary>
    private static string Decode(CachedFile copy, string suffix) =>
        new CompressingSite.Response(200, new HeaderDictionary { [HeaderNames.ContentEncoding] = suffix == ".br" ? "br" : "gzip" }, copy.Content.ToArray()).Text;
}

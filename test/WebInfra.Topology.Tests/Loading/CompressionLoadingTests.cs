using System.IO.Compression;
using WebInfra.Topology.Model;

namespace WebInfra.Topology.Tests.Loading;

public sealed class CompressionLoadingTests
{
    private static string WithCompression(string settings) =>
        TopologyText.Distributed.Replace("  route_header: true\n", $"  route_header: true\n  compression: {settings}\n", StringComparison.Ordinal);

    [Fact]
    public void Site_without_compression_compresses_gzip_and_brotli_from_1_KiB_at_the_fastest_level()
    {
        var compression = TopologyText.Load(TopologyText.Distributed).Site.Compression;

        Assert.Equal(CompressionSettings.Default, compression);
        Assert.True(compression.Enabled);
        Assert.Equal((true, true, CompressionLevel.Fastest, 1024, true), (compression.Gzip, compression.Brotli, compression.Level, compression.MinSize, compression.Precompressed));
        Assert.Contains("text/*", compression.Types);
        Assert.Contains("application/json", compression.Types);
    }

    [Fact]
    public void Every_compression_setting_is_read()
    {
        var compression = TopologyText.Load(WithCompression("{ gzip: true, brotli: false, level: Optimal, min_size: 2kb, types: [text/html, application/json], precompressed: false }")).Site.Compression;

        Assert.Equal((true, false, CompressionLevel.Optimal, 2048, false), (compression.Gzip, compression.Brotli, compression.Level, compression.MinSize, compression.Precompressed));
        Assert.Equal(["text/html", "application/json"], compression.Types);
        Assert.Equal(new SourceLocation(TopologyText.FileName, 5, 16), compression.Location);
    }

    [Fact]
    public void Both_encodings_off_turns_compression_off()
    {
        var compression = TopologyText.Load(WithCompression("{ gzip: false, brotli: false }")).Site.Compression;

        Assert.False(compression.Enabled);
    }

    [Theory]
    [InlineData("{ level: quick }", "'level' in site.compression is 'quick', which is not one of: fastest, optimal, smallest", 5, 25)]
    [InlineData("{ min_size: 1 GiBs }", "'min_size' in site.compression must be a size from 0 to 1073741824 bytes, such as 512b, 64kb or 1mb, not '1 GiBs'", 5, 28)]
    [InlineData("{ min_size: -1 }", "'min_size' in site.compression must be a size from 0 to 1073741824 bytes, such as 512b, 64kb or 1mb, not '-1'", 5, 28)]
    [InlineData("{ types: [text/html, textplain] }", "site.compression.types lists 'textplain', which is not a media type such as text/css, or a whole type such as text/*", 5, 37)]
    [InlineData("{ types: [\"text/html; charset=utf-8\"] }", "site.compression.types lists 'text/html; charset=utf-8', which is not a media type", 5, 26)]
    [InlineData("{ types: [] }", "site.compression.types lists no media type, so nothing would ever be compressed", 5, 25)]
    [InlineData("{ gzip: yes }", "'gzip' in site.compression must be true or false, not 'yes'", 5, 24)]
    [InlineData("{ brottli: true }", "unknown key 'brottli' in site.compression", 5, 18)]
    public void Bad_compression_setting_is_rejected_where_it_is_written(string settings, string message, int line, int column)
    {
        var error = Assert.Single(TopologyText.Errors(WithCompression(settings)));

        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
        Assert.Equal((line, column), (error.Location.Line, error.Location.Column));
    }

    [Fact]
    public void Misspelt_key_gets_a_suggestion()
    {
        var error = Assert.Single(TopologyText.Errors(WithCompression("{ brottli: true }")));

        Assert.Equal("did you mean 'brotli'?", error.Hint);
    }
}

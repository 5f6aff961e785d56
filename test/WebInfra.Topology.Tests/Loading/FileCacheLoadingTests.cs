using WebInfra.Topology.Model;

namespace WebInfra.Topology.Tests.Loading;

public sealed class FileCacheLoadingTests
{
    private static string WithFileCache(string settings) =>
        TopologyText.Distributed.Replace("  route_header: true\n", $"  route_header: true\n  file_cache: {settings}\n", StringComparison.Ordinal);

    [Fact]
    public void Site_without_file_cache_gets_the_defaults()
    {
        var site = TopologyText.Load(TopologyText.Distributed).Site;

        Assert.Equal(FileCacheSettings.Default, site.FileCache);
        Assert.Equal(TimeSpan.FromSeconds(1), site.FileCache.Valid);
    }

    [Fact]
    public void Every_file_cache_setting_is_read_with_its_unit()
    {
        var site = TopologyText.Load(WithFileCache("{ valid: 100ms, max_file_size: 256kb, max_size: 8mb, max_entries: 500 }")).Site;

        Assert.Equal(new FileCacheSettings(TimeSpan.FromMilliseconds(100), 256 * 1024, 8 * 1024 * 1024, 500), site.FileCache);
    }

    [Theory]
    [InlineData("{ valid: 2h }", "'valid' in site.file_cache must be a duration from 1ms to 1h, not '2h'")]
    [InlineData("{ max_file_size: 2mb, max_size: 1mb }", "site.file_cache.max_file_size is 2097152 bytes, more than max_size (1048576); no file that size could ever be held")]
    [InlineData("{ max_entries: 0 }", "'max_entries' in site.file_cache must be a whole number from 1 to 10000000, not '0'")]
    [InlineData("{ max_size: lots }", "'max_size' in site.file_cache must be a size from 0 to 1073741824 bytes, such as 512b, 64kb or 1mb, not 'lots'")]
    [InlineData("{ vaild: 1s }", "unknown key 'vaild' in site.file_cache")]
    public void Bad_file_cache_setting_is_rejected_saying_what_is_expected(string settings, string message)
    {
        var errors = TopologyText.Errors(WithFileCache(settings));

        Assert.StartsWith(message, Assert.Single(errors).Message, StringComparison.Ordinal);
    }
}

using WebInfra.Topology.Model;

namespace WebInfra.Topology.Tests.Loading;

public sealed class AccessLogLoadingTests
{
    /// <summary>The distributed topology with <c>access_log</c> on line 5, right under <c>route_header</c>.</summary>
    private static string WithAccessLog(string settings) =>
        TopologyText.Distributed.Replace("  route_header: true\n", $"  route_header: true\n  access_log: {settings}\n", StringComparison.Ordinal);

    [Fact]
    public void Site_without_access_log_keeps_one_in_combined_format_10_MiB_a_file_5_files_kept()
    {
        var log = TopologyText.Load(TopologyText.Distributed).Site.AccessLog;

        Assert.Equal(AccessLogSettings.Default, log);
        Assert.Equal((true, AccessLogFormat.Combined, 10 * 1024 * 1024, 5), (log.Enabled, log.Format, log.MaxSize, log.Keep));
    }

    [Fact]
    public void Every_access_log_setting_is_read_with_its_unit()
    {
        var log = TopologyText.Load(WithAccessLog("{ format: json, max_size: 10MiB, keep: 20 }")).Site.AccessLog;

        Assert.Equal((true, AccessLogFormat.Json, 10 * 1024 * 1024, 20), (log.Enabled, log.Format, log.MaxSize, log.Keep));
        Assert.Equal(5, log.Location!.Line);
    }

    [Theory]
    [InlineData("off")]
    [InlineData("false")]
    public void Access_log_off_turns_it_off(string off)
    {
        Assert.False(TopologyText.Load(WithAccessLog(off)).Site.AccessLog.Enabled);
    }

    [Fact]
    public void Settings_left_out_keep_their_defaults()
    {
        var log = TopologyText.Load(WithAccessLog("{ keep: 0 }")).Site.AccessLog;

        Assert.Equal(AccessLogSettings.Default with { Keep = 0, Location = log.Location }, log);
    }

    [Theory]
    [InlineData("{ format: xml }", "'format' in site.access_log is 'xml', which is not one of: combined, json")]
    [InlineData("{ max_size: 10 GiB }", "'max_size' in site.access_log must be a size from 1024 to 1073741824 bytes, such as 512b, 64kb or 1mb, not '10 GiB'")]
    [InlineData("{ max_size: 100b }", "'max_size' in site.access_log must be a size from 1024 to 1073741824 bytes")]
    [InlineData("{ keep: -1 }", "'keep' in site.access_log must be a whole number from 0 to 1000, not '-1'")]
    [InlineData("{ fromat: json }", "unknown key 'fromat' in site.access_log")]
    [InlineData("on", "site.access_log is 'on'; it must be off, or a mapping such as { format: combined, max_size: 10mb, keep: 5 }")]
    public void Bad_access_log_setting_is_rejected_at_its_line(string settings, string message)
    {
        var error = Assert.Single(TopologyText.Errors(WithAccessLog(settings)));

        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
        Assert.Equal(5, error.Location.Line);
    }
}

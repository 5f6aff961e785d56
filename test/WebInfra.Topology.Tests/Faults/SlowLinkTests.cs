using WebInfra.Topology.Faults;

namespace WebInfra.Topology.Tests.Faults;

public sealed class SlowLinkTests
{
    [Fact]
    public void Delay_jitter_and_loss_are_read_as_written()
    {
        var link = SlowLink.TryCreate("server-1", "100ms", "20ms", "0.5%", out var error);

        Assert.Null(error);
        Assert.Equal(new SlowLink("server-1", TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(20), 0.5), link);
        Assert.Equal("server-1: delay 100ms ± 20ms, loss 0.5%", link!.ToString());
    }

    [Fact]
    public void Loss_alone_is_a_slow_link_without_delay()
    {
        var link = SlowLink.TryCreate("server-1", null, null, "1", out _);

        Assert.Equal((TimeSpan.Zero, 1.0), (link!.Delay, link.LossPercent));
    }

    [Theory]
    [InlineData("200", null, null, "--delay '200' is not a duration")]
    [InlineData("11s", null, null, "at most 10s")]
    [InlineData(null, "5ms", null, "--jitter varies the delay, so it needs --delay")]
    [InlineData("10ms", "20ms", null, "--jitter '20ms' is not a duration above zero and at most the delay (10ms)")]
    [InlineData("10ms", null, "101%", "--loss '101%' is not a percentage")]
    [InlineData("10ms", null, "0%", "--loss '0%' is not a percentage")]
    [InlineData(null, null, "lots", "--loss 'lots' is not a percentage")]
    [InlineData(null, null, null, "say how slow")]
    public void Bad_values_are_refused_naming_the_option(string? delay, string? jitter, string? loss, string expected)
    {
        var link = SlowLink.TryCreate("server-1", delay, jitter, loss, out var error);

        Assert.Null(link);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_partition_is_between_its_hosts_in_either_order()
    {
        var partition = new Partition("lb-01", "server-1", OneWay: true);

        Assert.True(partition.IsBetween("server-1", "lb-01"));
        Assert.False(partition.IsBetween("lb-01", "server-2"));
        Assert.Equal(("lb-01 → server-1", "lb-01 ⇹ server-1"), (partition.ToString(), (partition with { OneWay = false }).ToString()));
    }
}

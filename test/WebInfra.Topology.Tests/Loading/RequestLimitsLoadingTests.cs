using WebInfra.Topology.Model;

namespace WebInfra.Topology.Tests.Loading;

public sealed class RequestLimitsLoadingTests
{
    [Fact]
    public void Topology_without_limits_gets_the_reference_defaults()
    {
        var limits = TopologyText.Load(TopologyText.Distributed).Limits;

        Assert.Equal(RequestLimits.Default, limits);
        Assert.Equal(1024 * 1024, limits.BodySize);
        Assert.Null(limits.Rate);
    }

    [Fact]
    public void Every_limit_is_read_with_its_unit()
    {
        var topology = TopologyText.Load(TopologyText.Distributed + """

            limits:
              header_size: 16kb
              headers: 50
              uri_length: 2kb
              body_size: 10mb
              rate: { requests: 100, per: 10s, burst: 300 }
            """);

        var limits = topology.Limits;
        Assert.Equal((16 * 1024, 50, 2048, 10 * 1024 * 1024), (limits.HeaderSize, limits.HeaderCount, limits.UriLength, limits.BodySize));
        Assert.Equal(new RateLimitSettings(100, TimeSpan.FromSeconds(10), 300), limits.Rate);
    }

    [Fact]
    public void Rate_without_burst_allows_one_period_at_once()
    {
        var topology = TopologyText.Load(TopologyText.Distributed + "\nlimits:\n  rate: { requests: 50 }\n");

        Assert.Equal(new RateLimitSettings(50, TimeSpan.FromSeconds(1), 50), topology.Limits.Rate);
    }

    [Theory]
    [InlineData("body_size: lots", "'body_size' in limits must be a size from 0 to 1073741824 bytes, such as 512b, 64kb or 1mb, not 'lots'")]
    [InlineData("headers: 0", "'headers' in limits must be a whole number from 1 to 10000, not '0'")]
    [InlineData("uri_length: 100b", "'uri_length' in limits must be a size from 256 to 1048576 bytes, such as 512b, 64kb or 1mb, not '100b'")]
    [InlineData("rate: { requests: 10, burst: 5 }", "limits.rate.burst is 5, fewer than the 10 requests allowed per period; a client could never use its rate")]
    [InlineData("rate: { requests: 10, per: 10ms }", "'per' in limits.rate must be a duration from 100ms to 1h, not '10ms'")]
    public void Bad_limit_is_rejected_saying_what_is_expected(string line, string message)
    {
        var errors = TopologyText.Errors(TopologyText.Distributed + $"\nlimits:\n  {line}\n");

        Assert.Equal(message, Assert.Single(errors).Message);
    }
}

using WebInfra.Topology.Loading;

namespace WebInfra.Topology.Tests.Loading;

public sealed class ByteSizeParserTests
{
    [Theory]
    [InlineData("0", 0)]
    [InlineData("512", 512)]
    [InlineData("512b", 512)]
    [InlineData("64kb", 65536)]
    [InlineData("64K", 65536)]
    [InlineData("1mb", 1048576)]
    [InlineData("2MiB", 2097152)]
    public void Sizes_are_bytes_or_powers_of_1024_with_a_unit(string text, int bytes)
    {
        Assert.True(ByteSizeParser.TryParse(text, out var value));
        Assert.Equal(bytes, value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("kb")]
    [InlineData("-1kb")]
    [InlineData("1.5mb")]
    [InlineData("1gb")]
    [InlineData("3000mb")]
    public void Malformed_or_too_large_sizes_are_refused(string text) =>
        Assert.False(ByteSizeParser.TryParse(text, out _));
}

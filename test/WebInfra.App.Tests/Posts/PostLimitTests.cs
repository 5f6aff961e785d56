using Microsoft.Extensions.Primitives;
using WebInfra.App.Posts;

namespace WebInfra.App.Tests.Posts;

public sealed class PostLimitTests
{
    private const string Error = "The limit must be a whole number from 1 to 100.";

    [Fact]
    public void Absent_limit_means_20()
    {
        Assert.True(PostLimit.TryParse(StringValues.Empty, out var limit, out _));
        Assert.Equal(20, limit);
    }

    [Theory]
    [InlineData("1", 1)]
    [InlineData("20", 20)]
    [InlineData("100", 100)]
    [InlineData("007", 7)]
    public void Limit_from_1_to_100_is_accepted(string value, int expected)
    {
        Assert.True(PostLimit.TryParse(value, out var limit, out var error));
        Assert.Equal(expected, limit);
        Assert.Null(error);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("101")]
    [InlineData("-1")]
    [InlineData("+5")]
    [InlineData(" 5")]
    [InlineData("5 ")]
    [InlineData("5.0")]
    [InlineData("1e2")]
    [InlineData("0x10")]
    [InlineData("ten")]
    [InlineData("")]
    [InlineData("99999999999999999999")]
    [InlineData("٥")]
    public void Limit_outside_1_to_100_or_not_plain_digits_is_rejected(string value)
    {
        Assert.False(PostLimit.TryParse(value, out _, out var error));
        Assert.Equal(Error, error);
    }

    [Fact]
    public void Limit_given_twice_is_rejected()
    {
        Assert.False(PostLimit.TryParse(new StringValues(["5", "6"]), out _, out var error));
        Assert.Equal("Give limit once; it was given 2 times.", error);
    }
}

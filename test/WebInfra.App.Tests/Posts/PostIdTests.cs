using WebInfra.App.Posts;

namespace WebInfra.App.Tests.Posts;

public sealed class PostIdTests
{
    [Theory]
    [InlineData("1", 1UL)]
    [InlineData("42", 42UL)]
    [InlineData("18446744073709551615", ulong.MaxValue)]
    public void Id_from_1_to_the_largest_bigint_unsigned_is_accepted(string text, ulong expected)
    {
        Assert.True(PostId.TryParse(text, out var id, out _));
        Assert.Equal(expected, id);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("18446744073709551616")]
    [InlineData("-1")]
    [InlineData("+1")]
    [InlineData(" 1")]
    [InlineData("1.0")]
    [InlineData("abc")]
    [InlineData("")]
    [InlineData(null)]
    public void Id_that_is_not_a_whole_number_in_range_is_rejected(string? text)
    {
        Assert.False(PostId.TryParse(text, out _, out var error));
        Assert.Equal("The id must be a whole number from 1 to 18446744073709551615.", error);
    }
}

using WebInfra.App.Storage;

namespace WebInfra.App.Tests.Storage;

public sealed class GtidPositionTests
{
    [Theory]
    [InlineData("0-1-5")]
    [InlineData("0-1-5,1-2-18446744073709551615")]
    [InlineData("4294967295-4294967295-0")]
    public void Domain_server_sequence_triples_separated_by_commas_are_valid(string text)
    {
        Assert.True(GtidPosition.IsValid(text));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("0-1")]
    [InlineData("0-1-5-7")]
    [InlineData("0-1-5,")]
    [InlineData(",0-1-5")]
    [InlineData("0-1-5, 1-2-3")]
    [InlineData(" 0-1-5")]
    [InlineData("0-1-+5")]
    [InlineData("0--1-5")]
    [InlineData("a-1-5")]
    [InlineData("4294967296-1-5")]
    [InlineData("0-1-18446744073709551616")]
    [InlineData("0-1-5'; DROP TABLE posts; --")]
    [InlineData("0-1-5\n")]
    public void Anything_else_is_rejected(string? text)
    {
        Assert.False(GtidPosition.IsValid(text));
    }

    [Fact]
    public void Position_longer_than_the_limit_is_rejected_though_well_formed()
    {
        var text = string.Join(',', Enumerable.Range(0, 40).Select(i => $"{i}-1-100"));

        Assert.True(text.Length > GtidPosition.MaxLength);
        Assert.False(GtidPosition.IsValid(text));
    }
}

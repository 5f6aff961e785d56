using WebInfra.Web.Compression;

namespace WebInfra.Web.Tests.Compression;

public sealed class AcceptedCodingTests
{
    [Theory]
    [InlineData("gzip, br", "br")]
    [InlineData("br, gzip", "br")]
    [InlineData("gzip", "gzip")]
    [InlineData("gzip;q=1.0, br;q=0.9", "gzip")]
    [InlineData("br;q=0, gzip;q=0.2", "gzip")]
    [InlineData("*", "br")]
    [InlineData("*;q=0.5, br;q=0", "gzip")]
    [InlineData("gzip;q=0.5, identity", null)]
    [InlineData("deflate", null)]
    [InlineData("", null)]
    [InlineData("br;q=nonsense", null)]
    public void Highest_rated_available_coding_wins_and_Brotli_on_a_tie(string acceptEncoding, string? expected)
    {
        Assert.Equal(expected, AcceptedCoding.Choose(acceptEncoding, ["br", "gzip"]));
    }

    [Fact]
    public void Only_available_codings_are_chosen()
    {
        Assert.Equal("gzip", AcceptedCoding.Choose("br, gzip;q=0.5", ["gzip"]));
        Assert.Null(AcceptedCoding.Choose("br", ["gzip"]));
    }
}

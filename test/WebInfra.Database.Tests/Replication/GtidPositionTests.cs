using WebInfra.Database.Replication;

namespace WebInfra.Database.Tests.Replication;

public class GtidPositionTests
{
    [Fact]
    public void Position_with_several_domains_reads_back_in_domain_order()
    {
        Assert.Equal("0-1-100,1-2-5", GtidPosition.Parse("1-2-5, 0-1-100").ToString());
    }

    [Fact]
    public void Sequences_give_each_domain_its_highest_sequence_number_in_domain_order()
    {
        Assert.Equal([(0u, 100UL), (1u, 5UL)], GtidPosition.Parse("1-2-5,0-1-100").Sequences);
        Assert.Empty(GtidPosition.Parse(null).Sequences);
    }

    [Fact]
    public void Empty_text_is_the_empty_position()
    {
        Assert.Equal(string.Empty, GtidPosition.Parse("").ToString());
        Assert.True(GtidPosition.Parse("0-1-1").Contains(GtidPosition.Parse(null)));
    }

    [Theory]
    [InlineData("0-1")]
    [InlineData("0-1-x")]
    [InlineData("0-1-5,0-2-6")]
    public void Malformed_position_is_rejected(string text)
    {
        Assert.Throws<FormatException>(() => GtidPosition.Parse(text));
    }

    [Theory]
    [InlineData("0-1-100,1-2-5", "0-1-100,1-2-5", true)]
    [InlineData("0-1-100,1-2-5", "0-1-99", true)]
    [InlineData("0-1-100,1-2-5", "0-1-100,1-2-6", false)]
    [InlineData("0-1-100", "0-1-100,1-2-5", false)]
    [InlineData("0-2-100", "0-1-100", false)]
    [InlineData("0-2-101", "0-1-100", true)]
    public void Position_contains_another_when_every_domain_is_at_least_as_far(string position, string other, bool contains)
    {
        Assert.Equal(contains, GtidPosition.Parse(position).Contains(GtidPosition.Parse(other)));
    }

    [Fact]
    public void Gtids_beyond_another_position_name_only_the_domains_it_lacks()
    {
        Assert.Equal("1-1-7", GtidPosition.Parse("0-1-100,1-1-7").Beyond(GtidPosition.Parse("0-2-120,1-1-6")));
    }
}

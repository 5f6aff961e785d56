using WebInfra.Topology.Loading;

namespace WebInfra.Topology.Tests.Loading;

public sealed class DurationParserTests
{
    [Theory]
    [InlineData("500ms", 500)]
    [InlineData("1.5s", 1_500)]
    [InlineData("2m", 120_000)]
    [InlineData("1h", 3_600_000)]
    public void Durations_have_a_unit_from_milliseconds_to_hours(string text, double milliseconds)
    {
        Assert.True(DurationParser.TryParse(text, out var value));
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("5")]
    [InlineData("0s")]
    [InlineData("5d")]
    [InlineData("25h")]
    public void Durations_without_a_unit_not_above_zero_or_over_a_day_are_refused(string text) =>
        Assert.False(DurationParser.TryParse(text, out _));

    [Theory]
    [InlineData("1h")]
    [InlineData("2m")]
    [InlineData("90s")]
    [InlineData("100ms")]
    [InlineData("1.5ms")]
    public void A_duration_is_written_as_it_is_read_in_its_largest_whole_unit(string text)
    {
        Assert.True(DurationParser.TryParse(text, out var value));
        Assert.Equal(text, DurationParser.Format(value));
    }
}

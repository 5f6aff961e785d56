using WebInfra.Hosting.Releases;

namespace WebInfra.Hosting.Tests.Releases;

public sealed class ErrorRateTests
{
    [Theory]
    [InlineData(100, 0, 100, 0, false)]   // no error on either side
    [InlineData(100, 0, 100, 5, false)]   // the old release errs, the canary does not
    [InlineData(100, 5, 100, 5, false)]   // the same share is not above
    [InlineData(100, 5, 1000, 50, false)] // the same share over fewer requests
    [InlineData(100, 6, 1000, 50, true)]  // 6 % against 5 %
    [InlineData(100, 1, 100, 0, true)]    // any error against none
    [InlineData(10, 1, 0, 0, true)]       // no old member served: any error is above none
    [InlineData(0, 0, 0, 0, false)]       // no traffic at all: nothing to hold against the canary
    public void The_canary_fails_only_when_its_share_of_5xx_is_above_the_old_members(long canaryRequests, long canaryErrors, long oldRequests, long oldErrors, bool above)
    {
        Assert.Equal(above, new ErrorRate(canaryRequests, canaryErrors).IsAbove(new ErrorRate(oldRequests, oldErrors)));
    }

    [Fact]
    public void A_window_counts_what_changed_and_from_zero_after_a_forwarder_restarted()
    {
        Assert.Equal(new ErrorRate(40, 2), new ErrorRate(140, 7).Since(new ErrorRate(100, 5)));
        Assert.Equal(new ErrorRate(30, 1), new ErrorRate(30, 1).Since(new ErrorRate(100, 5)));
        Assert.Equal(new ErrorRate(30, 3), new ErrorRate(10, 1).Plus(new ErrorRate(20, 2)));
        Assert.Equal(0.05, new ErrorRate(100, 5).Share);
    }
}

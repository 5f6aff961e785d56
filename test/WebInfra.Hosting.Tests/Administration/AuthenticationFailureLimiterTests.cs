using System.Net;
using Microsoft.Extensions.Time.Testing;
using WebInfra.Hosting.Administration;

namespace WebInfra.Hosting.Tests.Administration;

public sealed class AuthenticationFailureLimiterTests
{
    private static readonly IPAddress s_scanner = IPAddress.Parse("127.0.26.99");
    private static readonly IPAddress s_operator = IPAddress.Parse("127.0.0.1");

    private readonly FakeTimeProvider _time = new();

    [Fact]
    public void A_source_may_fail_a_burst_of_times_then_is_limited_and_reported_once()
    {
        var limiter = new AuthenticationFailureLimiter(_time);

        var verdicts = Enumerable.Range(0, AuthenticationFailureLimiter.Burst + 3).Select(_ => limiter.Fail(s_scanner)).ToList();

        Assert.All(verdicts.Take(AuthenticationFailureLimiter.Burst), v => Assert.False(v.Limited));
        Assert.All(verdicts.Skip(AuthenticationFailureLimiter.Burst), v => Assert.True(v.Limited));
        Assert.Equal(1, verdicts.Count(v => v.FirstLimited));
        Assert.True(verdicts[AuthenticationFailureLimiter.Burst].FirstLimited);
        Assert.Equal(AuthenticationFailureLimiter.RefillInterval, verdicts[^1].RetryAfter);
    }

    [Fact]
    public void Limiting_one_source_leaves_another_alone()
    {
        var limiter = new AuthenticationFailureLimiter(_time);
        for (var i = 0; i <= AuthenticationFailureLimiter.Burst; i++)
        {
            limiter.Fail(s_scanner);
        }

        Assert.False(limiter.Fail(s_operator).Limited);
    }

    [Fact]
    public void A_limited_source_earns_one_failure_per_refill_interval_and_is_reported_again_after_a_quiet_spell()
    {
        var limiter = new AuthenticationFailureLimiter(_time);
        for (var i = 0; i <= AuthenticationFailureLimiter.Burst; i++)
        {
            limiter.Fail(s_scanner);
        }

        _time.Advance(AuthenticationFailureLimiter.RefillInterval);
        Assert.False(limiter.Fail(s_scanner).Limited);
        Assert.True(limiter.Fail(s_scanner).Limited);

        _time.Advance(AuthenticationFailureLimiter.RefillInterval * (AuthenticationFailureLimiter.Burst + 1));
        var again = Enumerable.Range(0, AuthenticationFailureLimiter.Burst + 1).Select(_ => limiter.Fail(s_scanner)).ToList();
        Assert.False(again[0].Limited);
        Assert.True(again[^1].FirstLimited);
    }

    [Fact]
    public void Past_the_tracked_sources_new_ones_share_one_budget()
    {
        var limiter = new AuthenticationFailureLimiter(_time);
        for (var i = 0; i < AuthenticationFailureLimiter.MaxSources; i++)
        {
            limiter.Fail(new IPAddress(0x0A000000 + i));
        }

        var overflow = Enumerable.Range(0, AuthenticationFailureLimiter.Burst + 1)
            .Select(i => limiter.Fail(new IPAddress(0x0B000000 + i)))
            .ToList();

        Assert.True(overflow[^1].Limited);
    }
}

using Xunit.Abstractions;

namespace WebInfra.FunctionalTests.App;

/// <summary>
/// <c>database.reads.during_failover: stale_ok</c>, the default, on real processes: a replica whose I/O thread is cut
/// off from a primary that stays up keeps taking reads while its data is within <c>max_lag</c> (3 s), and none past it;
/// killing the primary under a stream of reads through the balancer fails no read.
/// </summary>
public sealed class StaleOkReadsTests(StaleOkReadsSiteFixture fixture, ITestOutputHelper output) : IClassFixture<StaleOkReadsSiteFixture>
{
    private const string Replica = ReadsDuringFailoverSite.Replica;

    private const string InLogs = ReadsDuringFailoverSite.ReplicaInLogs;

    private readonly ReadsDuringFailoverSite _site = new(fixture.Site);

    [Fact]
    public async Task A_cut_off_replica_takes_reads_within_max_lag_and_none_past_it_and_a_dead_primary_fails_no_read()
    {
        await _site.WithTheIoThreadStoppedAsync(async () =>
        {
            // Both application servers saw its lag unknown and kept it for reads as stale-ok: every read still reaches it.
            await _site.UntilBothAppsLogAsync(InLogs, "takes stale-ok reads");
            Assert.Equal(10, await _site.ReadsReachingAsync(Replica, reads: 10));
            Assert.Empty(await _site.AppLogLinesAsync(InLogs, "past max_lag"));

            // Once its data is older than max_lag it gets none: the primary answers.
            await _site.UntilBothAppsLogAsync(InLogs, "gets no reads: lag unknown", "past max_lag 3 s");
            Assert.Equal(0, await _site.ReadsReachingAsync(Replica, reads: 10));
            Assert.Equal(10, await _site.ReadsReachingAsync(ReadsDuringFailoverSite.Primary, reads: 10));
        });

        var results = await _site.KillThePrimaryUnderReadsAsync(output, "stale_ok");
        Assert.True(results.Failures.Count == 0, $"{results.Failures.Count} of {results.ServedBy.Count + results.Failures.Count} reads failed across the failover: {string.Join("; ", results.Failures.Take(5))}");
    }
}

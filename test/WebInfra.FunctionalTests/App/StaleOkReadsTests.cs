using WebInfra.FunctionalTests.Infrastructure;
using Xunit.Abstractions;

namespace WebInfra.FunctionalTests.App;

/// <summary>
/// <c>database.reads.during_failover: stale_ok</c>, the default, on real processes: a replica whose I/O thread is cut
/// off from a primary that stays up keeps taking reads while its data is within <c>max_lag</c> (3 s), and none past it;
/// killing the primary under a stream of reads through the balancer fails no read.
/// </summary>
public sealed class StaleOkReadsTests(StaleOkReadsSiteFixture fixture, ITestOutputHelper output)
    : ReadsDuringFailoverTests<StaleOkReadsSiteFixture>(fixture, output)
{
    private protected override string Setting => "stale_ok";

    private protected override async Task WhileTheReplicaIsCutOffAsync()
    {
        // Both application servers saw its lag unknown and kept it for reads as stale-ok: every read still reaches it.
        await Site.UntilBothAppsLogAsync(Replica.InLogs, "takes stale-ok reads");
        Assert.Equal(10, await Site.ReadsReachingAsync(Replica.Component, reads: 10));
        Assert.Empty(await Site.AppLogLinesAsync(Replica.InLogs, "past max_lag"));

        // Once its data is older than max_lag it gets none: the primary answers.
        await Site.UntilBothAppsLogAsync(Replica.InLogs, "gets no reads: lag unknown", "past max_lag 3 s");
        Assert.Equal(0, await Site.ReadsReachingAsync(Replica.Component, reads: 10));
        Assert.Equal(10, await Site.ReadsReachingAsync(ReadsDuringFailoverSite.Primary, reads: 10));
    }

    private protected override Task AfterTheKillAsync(GetLoadResults results)
    {
        Assert.True(results.Failures.Count == 0, $"{results.Failures.Count} of {results.ServedBy.Count + results.Failures.Count} reads failed across the failover: {string.Join("; ", results.Failures.Take(5))}");
        return Task.CompletedTask;
    }
}

using WebInfra.FunctionalTests.Infrastructure;
using Xunit.Abstractions;

namespace WebInfra.FunctionalTests.App;

/// <summary>
/// <c>database.reads.during_failover: fail</c> on real processes: a replica whose I/O thread is cut off from a primary
/// that stays up takes no read at all (the primary answers them); killing the primary under a stream of reads through
/// the balancer fails the reads no node could answer fresh with 503 and <c>Retry-After</c>, and every other read is
/// answered, by the replica while its lag is known and by the primary, old or new.
/// </summary>
public sealed class FailReadsTests(FailReadsSiteFixture fixture, ITestOutputHelper output)
    : ReadsDuringFailoverTests<FailReadsSiteFixture>(fixture, output)
{
    private protected override string Setting => "fail";

    private protected override async Task WhileTheReplicaIsCutOffAsync()
    {
        // Once both application servers saw its lag unknown, not one read reaches it: the primary takes them all.
        await Site.UntilBothAppsLogAsync(Replica.InLogs, "gets no reads", "reads.during_failover is fail");
        Assert.Equal(0, await Site.ReadsReachingAsync(Replica.Component, reads: 20));
        Assert.Equal(10, await Site.ReadsReachingAsync(ReadsDuringFailoverSite.Primary, reads: 10));
    }

    private protected override async Task AfterTheKillAsync(GetLoadResults results)
    {
        Assert.NotEmpty(results.Failures);
        Assert.All(results.Failures, f => Assert.Contains("HTTP 503 (Retry-After: 1)", f, StringComparison.Ordinal));
        Assert.Empty(await Site.AppLogLinesAsync(Replica.InLogs, "stale-ok"));
    }
}

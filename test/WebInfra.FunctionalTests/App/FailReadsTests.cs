using Xunit.Abstractions;

namespace WebInfra.FunctionalTests.App;

/// <summary>
/// <c>database.reads.during_failover: fail</c> on real processes: a replica whose I/O thread is cut off from a primary
/// that stays up takes no read at all (the primary answers them); killing the primary under a stream of reads through
/// the balancer fails the reads no node could answer fresh with 503 and <c>Retry-After</c>, and every other read is
/// answered, by the replica while its lag is known and by the primary, old or new.
/// </summary>
public sealed class FailReadsTests(FailReadsSiteFixture fixture, ITestOutputHelper output) : IClassFixture<FailReadsSiteFixture>
{
    private const string Replica = ReadsDuringFailoverSite.Replica;

    private const string InLogs = ReadsDuringFailoverSite.ReplicaInLogs;

    private readonly ReadsDuringFailoverSite _site = new(fixture.Site);

    [Fact]
    public async Task A_replica_whose_lag_is_unknown_serves_no_read_and_reads_with_no_fresh_node_get_503()
    {
        await _site.WithTheIoThreadStoppedAsync(async () =>
        {
            // Once both application servers saw its lag unknown, not one read reaches it: the primary takes them all.
            await _site.UntilBothAppsLogAsync(InLogs, "gets no reads", "reads.during_failover is fail");
            Assert.Equal(0, await _site.ReadsReachingAsync(Replica, reads: 20));
            Assert.Equal(10, await _site.ReadsReachingAsync(ReadsDuringFailoverSite.Primary, reads: 10));
        });

        var results = await _site.KillThePrimaryUnderReadsAsync(output, "fail");
        Assert.NotEmpty(results.Failures);
        Assert.All(results.Failures, f => Assert.Contains("HTTP 503 (Retry-After: 1)", f, StringComparison.Ordinal));
        Assert.Empty(await _site.AppLogLinesAsync(InLogs, "stale-ok"));
    }
}

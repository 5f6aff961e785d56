using WebInfra.FunctionalTests.Infrastructure;
using Xunit.Abstractions;

namespace WebInfra.FunctionalTests.App;

/// <summary>
/// The one scenario both <c>database.reads.during_failover</c> choices are tried on, each on a site of its own
/// (<see cref="StaleOkReadsTests"/>, <see cref="FailReadsTests"/>): server-2/db's I/O thread is cut off from a primary
/// that stays up, then the primary is killed under a stream of reads through the balancer; the choice says what the
/// reads get.
/// </summary>
/// <typeparam name="TFixture">The site, with the choice in its topology.</typeparam>
public abstract class ReadsDuringFailoverTests<TFixture>(TFixture fixture, ITestOutputHelper output) : IClassFixture<TFixture>
    where TFixture : SiteFixture
{
    /// <summary>The replica, by its component name (to count its reads) and as the application servers' logs name it.</summary>
    private protected (string Component, string InLogs) Replica { get; } = (ReadsDuringFailoverSite.Replica, ReadsDuringFailoverSite.ReplicaInLogs);

    private protected ReadsDuringFailoverSite Site { get; } = new(fixture.Site);

    /// <summary>The choice, as the topology writes it, for the figures in the test's output.</summary>
    private protected abstract string Setting { get; }

    [Fact]
    public async Task Reads_go_where_the_choice_says_while_a_replica_is_cut_off_and_across_a_kill_of_the_primary()
    {
        await Site.WithTheIoThreadStoppedAsync(WhileTheReplicaIsCutOffAsync);
        await AfterTheKillAsync(await Site.KillThePrimaryUnderReadsAsync(output, Setting));
    }

    /// <summary>Checks the reads while the replica's I/O thread is stopped and the primary is up.</summary>
    private protected abstract Task WhileTheReplicaIsCutOffAsync();

    /// <summary>Checks what the reads got across the kill of the primary and the failover.</summary>
    private protected abstract Task AfterTheKillAsync(GetLoadResults results);
}

using WebInfra.Database.Replication;

namespace WebInfra.Database.Tests.Replication;

public sealed class ErrantTransactionInjectorTests
{
    [Fact]
    public void GTIDs_above_the_primarys_number_of_their_domain_or_in_a_domain_it_lacks_can_be_injected()
    {
        Assert.Null(ErrantTransactionInjector.Refusal(["0-2-11", "9-2-3"], "0-1-10"));
        Assert.Null(ErrantTransactionInjector.Refusal(["9-2-3"], string.Empty));
    }

    [Fact]
    public void A_GTID_the_primary_has_written_past_is_refused_with_the_GTID_and_the_primarys_position()
    {
        var refusal = ErrantTransactionInjector.Refusal(["0-2-11", "9-2-3"], "0-1-11,1-1-4");

        Assert.NotNull(refusal);
        Assert.Contains("0-2-11", refusal, StringComparison.Ordinal);
        Assert.DoesNotContain("9-2-3", refusal, StringComparison.Ordinal);
        Assert.Contains("0-1-11,1-1-4", refusal, StringComparison.Ordinal);
        Assert.Contains("gtid_strict_mode", refusal, StringComparison.Ordinal);
    }
}

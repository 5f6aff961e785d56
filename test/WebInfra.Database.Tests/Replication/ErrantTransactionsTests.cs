using WebInfra.Database.Replication;

namespace WebInfra.Database.Tests.Replication;

public sealed class ErrantTransactionsTests
{
    private static string Find(string node, string primaryState, string primarySlavePos = "") =>
        string.Join(",", ErrantTransactions.Find(node, primaryState, primarySlavePos));

    [Fact]
    public void A_replica_that_only_applied_the_primary_has_none()
    {
        Assert.Equal(string.Empty, Find("0-1-100", "0-1-120"));
        Assert.Equal(string.Empty, Find("0-1-120", "0-1-120"));
        Assert.Equal(string.Empty, Find(string.Empty, "0-1-120"));
    }

    [Fact]
    public void A_write_on_the_replica_is_errant_even_after_the_primary_passed_its_number()
    {
        // The replica wrote 0-2-11 after applying 0-1-10; gtid_strict_mode then stops it at the primary's 0-1-11, while the
        // primary goes on to 0-1-20: a position comparison would find the replica behind, the binlog state does not.
        Assert.Equal("0-2-11", Find("0-1-10,0-2-11", "0-1-20"));
    }

    [Fact]
    public void A_write_in_another_domain_is_errant()
    {
        Assert.Equal("9-2-3", Find("0-1-20,9-2-3", "0-1-25"));
    }

    [Fact]
    public void A_sequence_number_the_primary_has_not_reached_is_errant()
    {
        Assert.Equal("0-1-21", Find("0-1-21", "0-1-20"));
    }

    [Fact]
    public void Several_domains_and_server_ids_are_each_checked_and_listed_in_the_order_the_primary_could_take_them()
    {
        Assert.Equal(
            "0-3-12,0-2-15,5-2-7",
            Find("5-2-7,0-2-15,0-1-10,0-3-12,1-1-4", "0-1-10,0-2-9,1-1-4,5-1-30"));
    }

    [Fact]
    public void Gaps_in_the_sequence_do_not_matter_only_the_last_number_of_each_server()
    {
        // Server 2 wrote 0-2-5 and 0-2-9 (0-1-6..8 came between); the primary has both: 9 is its last of server 2.
        Assert.Equal(string.Empty, Find("0-1-8,0-2-9", "0-1-30,0-2-9"));
        Assert.Equal("0-2-9", Find("0-1-8,0-2-9", "0-1-30,0-2-5"));
    }

    [Fact]
    public void A_former_primary_of_older_history_is_not_errant_on_a_primary_cloned_after_it()
    {
        // The primary was cloned at 0-2-50 (its own binary log starts after) and has written on since as server 3.
        Assert.Equal(string.Empty, Find("0-1-40,0-2-50", "0-3-70", primarySlavePos: "0-2-50"));
        Assert.Equal("0-1-51", Find("0-1-51,0-2-50", "0-3-70", primarySlavePos: "0-2-50"));
    }

    [Fact]
    public void A_former_primary_of_older_history_still_catching_up_is_not_errant_on_a_primary_cloned_after_it()
    {
        // server-2 wrote 0-2-1396 long ago, when it was primary; server-3 was cloned at 0-1-2600, so its binary log lacks
        // server 2, and was promoted. server-2 has replicated up to 0-1-2590 so far: shared history, not yet the clone point.
        Assert.Equal(string.Empty, Find("0-2-1396,0-1-2590", "0-1-2600,0-3-2700", primarySlavePos: "0-1-2600"));
        Assert.Equal(string.Empty, Find("0-2-1396,0-1-2590", "0-3-2700", primarySlavePos: "0-1-2600"));
        // A write of its own after what it shares stays errant.
        Assert.Equal("0-2-2591", Find("0-2-2591,0-1-2590", "0-3-2700", primarySlavePos: "0-1-2600"));
    }

    [Fact]
    public void A_former_primary_whose_last_write_the_new_primary_passed_in_number_is_still_errant()
    {
        // server-1 was cut off after 0-1-305; server-3 took over and wrote on from the same domain, replicated as 0-3-489.
        Assert.Equal("0-1-305", Find("0-1-305", "0-1-300,0-3-489", primarySlavePos: "0-3-489"));
        Assert.Equal("0-1-305", Find("0-1-305", "0-3-489", primarySlavePos: "0-1-300"));
    }

    [Fact]
    public void Text_that_is_no_gtid_list_is_a_format_error()
    {
        var error = Assert.Throws<FormatException>(() => ErrantTransactions.Find("0-1", "0-1-2", string.Empty));
        Assert.Contains("'0-1'", error.Message, StringComparison.Ordinal);
    }
}

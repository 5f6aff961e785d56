using WebInfra.Hosts.Namespaces;

namespace WebInfra.Hosts.Tests.Namespaces;

public sealed class FaultRulesetTests
{
    private static readonly Dictionary<string, string> s_ports = new(StringComparer.Ordinal) { ["lb-01"] = "p0", ["server-1"] = "p1", ["operator"] = "pop" };

    [Fact]
    public void Ruleset_replaces_the_table_in_one_transaction_with_one_drop_per_direction()
    {
        var ruleset = FaultRuleset.Create([("lb-01", "server-1"), ("server-1", "lb-01"), ("operator", "server-1")], h => s_ports[h]);

        Assert.Equal(
            """
            table bridge webinfra_faults
            delete table bridge webinfra_faults
            table bridge webinfra_faults {
            	chain forward {
            		type filter hook forward priority 0; policy accept;
            		iifname "p0" oifname "p1" drop comment "partition lb-01 server-1"
            		iifname "p1" oifname "p0" drop comment "partition server-1 lb-01"
            		iifname "pop" oifname "p1" drop comment "partition operator server-1"
            	}
            }

            """.ReplaceLineEndings("\n"),
            ruleset);
    }

    [Fact]
    public void Drops_are_read_back_from_nfts_listing_with_or_without_comments()
    {
        const string Listing = """
            table bridge webinfra_faults {
            	chain forward {
            		type filter hook forward priority filter; policy accept;
            		iifname "p0" oifname "p1" drop comment "partition lb-01 server-1"
            		iifname "p2" oifname "pop" drop
            	}
            }
            """;

        Assert.Equal([("p0", "p1"), ("p2", "pop")], FaultRuleset.Drops(Listing));
        Assert.Empty(FaultRuleset.Drops(string.Empty));
    }
}

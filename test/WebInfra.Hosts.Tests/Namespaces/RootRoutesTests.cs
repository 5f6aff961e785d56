using System.Net;
using WebInfra.Hosts.Namespaces;

namespace WebInfra.Hosts.Tests.Namespaces;

public sealed class RootRoutesTests
{
    // /proc/net/route of a machine with a default route and its LAN 192.0.2.0/24 (tab-separated, padded with spaces).
    private const string Table =
        "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT                                                       \n"
        + "eth0\t00000000\t010200C0\t0003\t0\t0\t0\t00000000\t0\t0\t0                                                                               \n"
        + "eth0\t000200C0\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0                                                                               \n";

    [Fact]
    public void The_kernels_table_reads_as_networks()
    {
        Assert.Equal([IPNetwork.Parse("0.0.0.0/0"), IPNetwork.Parse("192.0.2.0/24")], RootRoutes.Parse(Table));
    }

    [Theory]
    [InlineData("192.0.2.0/24", "192.0.2.0/24")]
    [InlineData("192.0.2.128/25", "192.0.2.0/24")]
    [InlineData("192.0.0.0/16", "192.0.2.0/24")]
    [InlineData("10.77.0.0/24", null)]
    public void A_subnet_sharing_addresses_with_a_route_other_than_the_default_one_overlaps(string subnet, string? overlapping)
    {
        Assert.Equal(overlapping is null ? null : IPNetwork.Parse(overlapping), RootRoutes.Overlapping(IPNetwork.Parse(subnet), RootRoutes.Parse(Table)));
    }
}

using WebInfra.Hosts.Namespaces;
using WebInfra.Topology.Faults;

namespace WebInfra.Hosts.Tests.Namespaces;

public sealed class NetemQdiscTests
{
    [Fact]
    public void Arguments_give_delay_jitter_and_loss_in_tcs_words()
    {
        var link = new SlowLink("server-1", TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(20), 1.5);

        Assert.Equal(["netem", "delay", "100000us", "20000us", "loss", "1.5%"], NetemQdisc.Arguments(link));
        Assert.Equal(["netem", "loss", "1%"], NetemQdisc.Arguments(link with { Delay = TimeSpan.Zero, Jitter = TimeSpan.Zero, LossPercent = 1 }));
    }

    [Fact]
    public void A_listing_with_netem_at_the_root_is_read_back()
    {
        const string Listing = "qdisc netem 8001: root refcnt 2 limit 1000 delay 200ms  20ms loss 1%\n";

        Assert.True(NetemQdisc.IsIn(Listing));
        Assert.Equal(new SlowLink("server-1", TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(20), 1), NetemQdisc.Parse("server-1", Listing));
        Assert.Equal(TimeSpan.FromSeconds(1.5), NetemQdisc.Parse("server-1", "qdisc netem 8002: root refcnt 2 limit 1000 delay 1.5s\n")!.Delay);
    }

    [Fact]
    public void A_listing_without_netem_is_no_slow_link()
    {
        Assert.Null(NetemQdisc.Parse("server-1", "qdisc noqueue 0: root refcnt 2 \n"));
        Assert.False(NetemQdisc.IsIn("qdisc noqueue 0: root refcnt 2 \n"));
    }
}

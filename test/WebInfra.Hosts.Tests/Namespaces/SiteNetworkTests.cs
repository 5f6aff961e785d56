using WebInfra.Hosts.Namespaces;

namespace WebInfra.Hosts.Tests.Namespaces;

public sealed class SiteNetworkTests
{
    [Fact]
    public void Every_name_starts_with_an_id_made_from_the_run_state_folder()
    {
        var site = new SiteNetwork("/srv/site-a/.webinfra");

        Assert.Matches("^wi[0-9a-f]{8}$", site.Id);
        Assert.Equal($"{site.Id}-switch", site.Switch);
        Assert.Equal($"{site.Id}-operator", site.Operator);
        Assert.Equal($"{site.Id}-s-switch", site.Server("switch"));
        Assert.Equal(site.Id, new SiteNetwork("/srv/site-a/.webinfra/").Id);
        Assert.NotEqual(site.Id, new SiteNetwork("/srv/site-b/.webinfra").Id);
    }

    [Fact]
    public void Interface_names_fit_the_kernels_fifteen_characters()
    {
        Assert.All([SiteNetwork.Bridge, SiteNetwork.HostInterface, SiteNetwork.OperatorPort, SiteNetwork.Port(999)], name => Assert.InRange(name.Length, 1, 15));
    }
}

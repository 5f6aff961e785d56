using WebInfra.Topology.Model;

namespace WebInfra.Topology.Tests.Loading;

public sealed class DeployLoadingTests
{
    private static string WithDeploy(string settings) => TopologyText.Distributed + $"\ndeploy: {settings}\n";

    [Fact]
    public void Topology_without_deploy_keeps_five_releases_and_watches_the_canary_for_ten_seconds()
    {
        Assert.Equal(new DeploySettings(5, TimeSpan.FromSeconds(10)), TopologyText.Load(TopologyText.Distributed).Deploy);
    }

    [Fact]
    public void Every_deploy_setting_is_read()
    {
        Assert.Equal(new DeploySettings(3, TimeSpan.FromSeconds(30)), TopologyText.Load(WithDeploy("{ keep: 3, observe: 30s }")).Deploy);
    }

    [Theory]
    [InlineData("{ keep: 1 }", "'keep' in deploy must be a whole number from 2 to 100, not '1'")]
    [InlineData("{ observe: 500ms }", "'observe' in deploy must be a duration from 1s to 10m, not '500ms'")]
    [InlineData("{ canary: 1 }", "unknown key 'canary' in deploy")]
    public void Bad_deploy_setting_is_rejected_saying_what_is_expected(string settings, string message)
    {
        Assert.StartsWith(message, Assert.Single(TopologyText.Errors(WithDeploy(settings))).Message, StringComparison.Ordinal);
    }
}

using WebInfra.Balancer.Draining;
using WebInfra.Balancer.Health;
using WebInfra.Balancer.Tests.LoadBalancing;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Model;

namespace WebInfra.Balancer.Tests.Health;

public sealed class ActiveOrBackupDestinationsPolicyTests : IDisposable
{
    private readonly TestComponentContext _context = new();

    [Fact]
    public void Only_active_members_serve_while_any_is_available()
    {
        var (active, backup) = (TestDestinations.Create("server-1/web", 1), Backup("server-2/web"));

        var available = Ids(Policy().GetAvailalableDestinations(new ClusterConfig(), [active, backup]));

        Assert.Equal(["server-1/web"], available);
    }

    [Fact]
    public void Backups_serve_when_every_active_member_is_down_and_stop_when_one_is_back()
    {
        var (first, second, backup) = (TestDestinations.Create("server-1/web", 1), TestDestinations.Create("server-2/web", 1), Backup("server-3/web"));
        var policy = Policy();
        first.Health.Active = DestinationHealth.Unhealthy;
        second.Health.Active = DestinationHealth.Unhealthy;

        Assert.Equal(["server-3/web"], Ids(policy.GetAvailalableDestinations(new ClusterConfig(), [first, second, backup])));

        second.Health.Active = DestinationHealth.Healthy;
        Assert.Equal(["server-2/web"], Ids(policy.GetAvailalableDestinations(new ClusterConfig(), [first, second, backup])));
    }

    [Fact]
    public void Drained_member_gets_no_new_requests_however_healthy_and_is_back_when_undrained()
    {
        var drains = new DrainRegistry(_context.Context);
        var policy = new ActiveOrBackupDestinationsPolicy(drains);
        var (first, second) = (TestDestinations.Create("server-1/web", 1), TestDestinations.Create("server-2/web", 1));
        first.Health.Active = DestinationHealth.Healthy;

        drains.Drain("server-1/web");
        Assert.Equal(["server-2/web"], Ids(policy.GetAvailalableDestinations(new ClusterConfig(), [first, second])));

        drains.Undrain("server-1/web");
        Assert.Equal(["server-1/web", "server-2/web"], Ids(policy.GetAvailalableDestinations(new ClusterConfig(), [first, second])));
    }

    [Fact]
    public void Drained_active_members_hand_over_to_the_backups()
    {
        var drains = new DrainRegistry(_context.Context);
        var (active, backup) = (TestDestinations.Create("server-1/web", 1), Backup("server-2/web"));

        drains.Drain("server-1/web");

        Assert.Equal(["server-2/web"], Ids(new ActiveOrBackupDestinationsPolicy(drains).GetAvailalableDestinations(new ClusterConfig(), [active, backup])));
    }

    [Fact]
    public void Drains_survive_a_restart_of_the_component()
    {
        new DrainRegistry(_context.Context).Drain("server-2/web");

        var restarted = new DrainRegistry(_context.Context);

        Assert.True(restarted.IsDrained("server-2/web"));
        Assert.False(restarted.IsDrained("server-1/web"));
    }

    [Fact]
    public void No_member_available_leaves_nothing_to_serve()
    {
        var (active, backup) = (TestDestinations.Create("server-1/web", 1), Backup("server-2/web"));
        active.Health.Active = DestinationHealth.Unhealthy;
        backup.Health.Active = DestinationHealth.Unhealthy;

        Assert.Empty(Policy().GetAvailalableDestinations(new ClusterConfig(), [active, backup]));
    }

    public void Dispose() => _context.Dispose();

    private ActiveOrBackupDestinationsPolicy Policy() => new(new DrainRegistry(_context.Context));

    /// <summary>Ids, because a DestinationState is also a list of itself, which xunit's collection comparison would recurse into.</summary>
    private static string[] Ids(IReadOnlyList<DestinationState> destinations) => [.. destinations.Select(d => d.DestinationId)];

    private static DestinationState Backup(string id) => new(id, new DestinationModel(new DestinationConfig
    {
        Address = "http://127.0.0.1/",
        Metadata = new Dictionary<string, string> { [ActiveOrBackupDestinationsPolicy.BackupMetadata] = "true" },
    }));
}

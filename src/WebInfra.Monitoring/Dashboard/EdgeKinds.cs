namespace WebInfra.Monitoring.Dashboard;

/// <summary>The kinds of arrow in the topology picture.</summary>
internal static class EdgeKinds
{
    /// <summary>A balancer or web server forwarding to a member of its backend.</summary>
    public const string Forward = "forward";

    /// <summary>An application server querying a database node.</summary>
    public const string Query = "query";

    /// <summary>The monitor checking a database node.</summary>
    public const string Check = "check";

    /// <summary>A VIP and a balancer that may hold it; its state is that balancer's VRRP state (MASTER on the holder).</summary>
    public const string Vip = "vip";
}

namespace WebInfra.Monitoring.Dashboard;

/// <summary>The kinds of event the dashboard derives by comparing two rounds (the page's <c>data-kind</c>).</summary>
internal static class DashboardEventKinds
{
    /// <summary>The dashboard's first round.</summary>
    public const string Started = "started";

    /// <summary>A component stopped answering its health check.</summary>
    public const string ComponentDown = "component_down";

    /// <summary>A component answers its health check again.</summary>
    public const string ComponentUp = "component_up";

    /// <summary>A forwarder marked a member down.</summary>
    public const string MemberEjected = "member_ejected";

    /// <summary>A forwarder takes a member it had ejected again.</summary>
    public const string MemberRestored = "member_restored";

    /// <summary>An operator drained a member.</summary>
    public const string MemberDrained = "member_drained";

    /// <summary>A drained member is back in service.</summary>
    public const string MemberUndrained = "member_undrained";

    /// <summary>A database node's role changed (replica, primary, out, down).</summary>
    public const string RoleChanged = "role_changed";

    /// <summary>The monitor promoted a replica after the primary failed.</summary>
    public const string Failover = "failover";

    /// <summary>The primary changed hands without a failover (a switchover).</summary>
    public const string Switchover = "switchover";

    /// <summary>No node is the writable primary.</summary>
    public const string NoPrimary = "no_primary";

    /// <summary>An operator cut the network between two hosts (<c>webinfra partition</c>).</summary>
    public const string Partition = "partition";

    /// <summary>A partition ended, or a slow link is fast again.</summary>
    public const string Heal = "heal";

    /// <summary>An operator made a host's link slow or lossy (<c>webinfra slow</c>).</summary>
    public const string Slow = "slow";

    /// <summary>A VIP changed hands, or lost its holder, or got two (split brain).</summary>
    public const string VipMoved = "vip_moved";
}

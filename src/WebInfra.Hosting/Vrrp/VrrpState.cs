namespace WebInfra.Hosting.Vrrp;

/// <summary>
/// What one keepalived is for one VIP, numbered as keepalived's own SNMP agent numbers it, which is also the value of
/// <c>webinfra_vrrp_state</c>.
/// </summary>
public enum VrrpState
{
    /// <summary>keepalived is starting, stopped or not running: it neither holds the VIP nor stands by.</summary>
    Init = 0,

    /// <summary>Standing by: another balancer holds the VIP, and this one takes it over when that one's adverts stop.</summary>
    Backup = 1,

    /// <summary>Holding the VIP: its server answers the address, and its balancer serves the site's visitors there.</summary>
    Master = 2,

    /// <summary>The balancer it tracks is down or unhealthy, so it gave the VIP up and will not take it.</summary>
    Fault = 3,
}

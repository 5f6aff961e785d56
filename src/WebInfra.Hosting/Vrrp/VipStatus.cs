namespace WebInfra.Hosting.Vrrp;

/// <summary>One keepalived's state for one VIP, read from its events.</summary>
/// <param name="Vip">The VIP's name.</param>
/// <param name="State">Its state now; <see cref="VrrpState.Init"/> when keepalived is not running.</param>
/// <param name="Since">When it entered that state, or null when it never reported one.</param>
/// <param name="Takeovers">How many times it took the VIP (entered MASTER) since the site's state folder was made.</param>
public sealed record VipStatus(string Vip, VrrpState State, DateTimeOffset? Since, int Takeovers);

namespace WebInfra.Hosting.Vrrp;

/// <summary>One balancer of a VIP, as its server's keepalived reports it.</summary>
/// <param name="Balancer">The balancer, e.g. <c>lb-01/balancer</c>.</param>
/// <param name="Server">Its server, whose keepalived it is.</param>
/// <param name="Priority">Its VRRP priority.</param>
/// <param name="Status">Its keepalived's state for the VIP.</param>
public sealed record VipMemberStatus(string Balancer, string Server, int Priority, VipStatus Status);

namespace WebInfra.Monitoring.Dashboard;

/// <summary>One arrow of the topology picture: traffic from one component to another.</summary>
/// <param name="From">The sending component.</param>
/// <param name="To">The receiving component.</param>
/// <param name="Kind"><c>forward</c> (a backend member), <c>query</c> (application to database) or <c>check</c> (monitor to database).</param>
/// <param name="State">
/// For <c>forward</c>, the member's state as <paramref name="From"/> sees it (<c>UP</c>, <c>DOWN</c>, <c>DRAIN</c>,
/// <c>BACKUP</c>); for the others the database node's role; null when unknown.
/// </param>
/// <param name="Rps">Requests (or queries) per second over the last interval; null when not measured.</param>
internal sealed record EdgeView(string From, string To, string Kind, string? State, double? Rps);

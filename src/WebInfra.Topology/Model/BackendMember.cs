namespace WebInfra.Topology.Model;

/// <summary>
/// A reference from a backend to a component, with its share of the traffic (HAProxy's <c>server ... weight N</c>)
/// and whether it only stands in for the others (<c>server ... backup</c>), kept with its location so a dangling one
/// can be reported where it is written.
/// </summary>
/// <param name="ComponentName">The component's name, <c>server/kind</c>.</param>
/// <param name="Location">Where the reference is written.</param>
/// <param name="Weight">
/// The member's share relative to the other members, <see cref="MinimumWeight"/> to <see cref="MaximumWeight"/>:
/// a member of weight 3 gets three times the traffic of a member of weight 1.
/// </param>
/// <param name="Backup">
/// True for a passive member: it receives traffic only while no active member is available, and stops as soon as
/// one is back (HAProxy's <c>backup</c>).
/// </param>
public sealed record BackendMember(string ComponentName, SourceLocation Location, int Weight = BackendMember.DefaultWeight, bool Backup = false)
{
    /// <summary>The weight of a member written as a plain name; HAProxy's default too.</summary>
    public const int DefaultWeight = 1;

    /// <summary>
    /// The smallest weight accepted. HAProxy also takes 0 (a server that gets no new traffic); here a member that
    /// should get none is left out of the list instead.
    /// </summary>
    public const int MinimumWeight = 1;

    /// <summary>The largest weight accepted; HAProxy's limit.</summary>
    public const int MaximumWeight = 256;
}

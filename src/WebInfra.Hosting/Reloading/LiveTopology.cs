using WebInfra.Topology.Firewall;

namespace WebInfra.Hosting.Reloading;

/// <summary>
/// The topology a component runs now: the one it started with until a reload applies another. The parts that follow a
/// reload read it here at each use (the firewall at each connection), never from the <see cref="ComponentContext"/> the
/// process started with.
/// </summary>
public sealed class LiveTopology
{
    private ComponentContext _context;
    private ServerFirewall? _firewall;

    /// <summary>Starts with the topology the process was started with.</summary>
    public LiveTopology(ComponentContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        _context = context;
        _firewall = context.Firewall;
    }

    /// <summary>The component as the topology applied last describes it.</summary>
    public ComponentContext Context => Volatile.Read(ref _context);

    /// <summary>The firewall of the component's server in that topology, or null when its firewall is off.</summary>
    public ServerFirewall? Firewall => Volatile.Read(ref _firewall);

    /// <summary>Makes <paramref name="context"/> the component's topology; the reload endpoint calls it before every <see cref="IReloadable"/>.</summary>
    public void Apply(ComponentContext context)
    {
        ArgumentNullException.ThrowIfNull(context);

        // The firewall first: a new peer is admitted before anything sends it a request or expects one from it.
        Volatile.Write(ref _firewall, context.Firewall);
        Volatile.Write(ref _context, context);
    }
}

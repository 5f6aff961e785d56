using WebInfra.Topology.Model;

namespace WebInfra.Monitoring.Doctor;

/// <summary>
/// What the single-point-of-failure rules of the tiers share: a tier whose components all run on one server (one
/// process, or several on one host) stops when that host does, so it is counted by servers, not by components.
/// </summary>
internal abstract class SingleServerTierRule : IDoctorRule
{
    public abstract string Name { get; }

    /// <summary>The tier this rule counts.</summary>
    protected abstract ComponentKind Kind { get; }

    public void Examine(DoctorContext context, ICollection<Finding> findings)
    {
        if (context.ServersRunning(Kind).Count < 2 && Describe(context, [.. context.Topology.Components.Where(c => c.Kind == Kind)]) is { } finding)
        {
            findings.Add(finding);
        }
    }

    /// <summary>The finding for a tier that runs on at most one server (<paramref name="components"/> may be empty), or null when there is nothing to say.</summary>
    protected abstract Finding? Describe(DoctorContext context, IReadOnlyList<Component> components);

    /// <summary>The usual wording: <c>'server-1/web' is the only web server</c>, or <c>... all run on server-1</c>.</summary>
    protected static string Only(IReadOnlyList<Component> components, string what) => components.Count == 1
        ? $"'{components[0].Name}' is the only {what}"
        : $"every {what} ({string.Join(", ", components.Select(c => c.Name))}) runs on {components[0].ServerName}";
}

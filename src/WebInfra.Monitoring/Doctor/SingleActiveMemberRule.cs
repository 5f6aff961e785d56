using WebInfra.Topology.Model;

namespace WebInfra.Monitoring.Doctor;

/// <summary>
/// A backend with one active member and no backup: whoever forwards to it answers 503 as soon as that member is
/// down, even when another server of the same kind exists but is not listed.
/// </summary>
internal sealed class SingleActiveMemberRule : IDoctorRule
{
    public string Name => DoctorRules.SingleActiveMember;

    public void Examine(DoctorContext context, ICollection<Finding> findings)
    {
        var topology = context.Topology;
        foreach (var backend in topology.Backends)
        {
            var members = topology.ResolveMembers(backend).ToList();
            if (members.Count != 1 || members[0].Member.Backup)
            {
                continue;
            }

            var member = members[0].Component;
            var unlisted = topology.Components.FirstOrDefault(c => c.Kind == member.Kind && c.ServerName != member.ServerName);
            var other = unlisted?.Name ?? $"{context.NewServerName(member.ServerName)}/{member.Kind.ToKey()}";
            findings.Add(new Finding(Name, FindingSeverity.Error, $"backend '{backend.Name}'", backend.Location,
                $"backend '{backend.Name}' has one member, '{member.Name}', and no backup: while it is down every request forwarded to '{backend.Name}' fails with 503",
                unlisted is null
                    ? $"list a second member on another server (add the server first), as an active member or as a backup"
                    : $"list '{unlisted.Name}', which exists but is not a member, as an active member or as a backup",
                $"backends:\n  {backend.Name}:\n    members: [{member.Name}, {other}]   # or {{ component: {other}, backup: true }}"));
        }
    }
}

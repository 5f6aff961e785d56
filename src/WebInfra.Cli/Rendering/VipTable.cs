using Spectre.Console;
using Spectre.Console.Rendering;
using WebInfra.Hosting.Vrrp;

namespace WebInfra.Cli.Rendering;

/// <summary>The table of VIPs <c>status</c> prints when the site has any: who holds each, and each balancer's VRRP state.</summary>
internal static class VipTable
{
    public static Table Create(IReadOnlyList<VipView> vips)
    {
        var table = new Table().Border(TableBorder.Rounded).AddColumns("VIP", "ADDRESS", "HELD BY", "BALANCER", "PRIORITY", "VRRP", "SINCE", "TAKEOVERS");
        foreach (var view in vips)
        {
            IRenderable holder = view.Holders switch
            {
                [] => new Markup("[red]nobody[/]"),
                [var one] => new Text(one),
                var many => new Markup($"[red]{Markup.Escape(string.Join(", ", many))} (split brain)[/]"),
            };
            for (var i = 0; i < view.Members.Count; i++)
            {
                var member = view.Members[i];
                table.AddRow(
                    new Text(i == 0 ? view.Vip.Name : string.Empty),
                    new Text(i == 0 ? view.Vip.Address.ToString() : string.Empty),
                    i == 0 ? holder : new Text(string.Empty),
                    new Text(member.Balancer),
                    new Text(member.Priority.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                    new Markup(member.Status.State switch
                    {
                        VrrpState.Master => "[green]MASTER[/]",
                        VrrpState.Backup => "BACKUP",
                        VrrpState.Fault => "[red]FAULT[/]",
                        _ => "[grey]down[/]",
                    }),
                    new Text(member.Status.Since is { } since ? since.ToLocalTime().ToString("HH:mm:ss.fff", System.Globalization.CultureInfo.InvariantCulture) : "-"),
                    new Text(member.Status.Takeovers.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            }
        }

        return table;
    }

    /// <summary>The VIPs as <c>status --json</c> lists them.</summary>
    public static IReadOnlyList<StatusVip> Document(IReadOnlyList<VipView> vips) =>
    [
        .. vips.Select(v => new StatusVip(v.Vip.Name, v.Vip.Address.ToString(), v.Holders,
            [.. v.Members.Select(m => new StatusVipMember(m.Balancer, m.Server, m.Priority, m.Status.State.ToWord(), m.Status.Since, m.Status.Takeovers))])),
    ];
}

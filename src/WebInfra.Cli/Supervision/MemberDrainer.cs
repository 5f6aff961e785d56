using System.Diagnostics;
using Spectre.Console;
using WebInfra.Balancer.Administration;
using WebInfra.Cli.Commands;
using WebInfra.Topology.Model;

namespace WebInfra.Cli.Supervision;

/// <summary>
/// Takes backend members out of service gracefully and brings them back: every component forwarding to a member is
/// told to stop sending it new requests, then the drain waits until no request is in flight there, so the member can
/// be stopped without failing one.
/// </summary>
internal sealed class MemberDrainer(Topology.Model.Topology topology, IAnsiConsole console)
{
    private static readonly TimeSpan s_pollInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>The members among <paramref name="components"/> (a server's, or one component): those some backend lists.</summary>
    /// <exception cref="UsageException">None of them is a backend member.</exception>
    public IReadOnlyList<Component> MembersAmong(IReadOnlyList<Component> components, string target)
    {
        var members = components.Where(c => topology.ForwardersTo(c).Any()).ToList();
        return members.Count > 0
            ? members
            : throw new UsageException(
                $"'{target}' is not a member of any backend, so no balancer sends it requests to drain",
                $"members: {string.Join(", ", topology.Backends.SelectMany(b => b.Members).Select(m => m.ComponentName).Distinct())}");
    }

    /// <summary>
    /// Drains <paramref name="members"/> in every forwarder and waits until none has a request in flight. With
    /// <paramref name="skipStopped"/>, a forwarder that does not answer is passed over (a stopped one sends nothing, and
    /// keeps its drains for its restart), as a deploy stepping a server back needs when that server's own web server is down.
    /// </summary>
    /// <exception cref="SupervisorException">A forwarder cannot be reached (unless skipped), or requests are still in flight after <paramref name="timeout"/>.</exception>
    public async Task DrainAsync(IReadOnlyList<Component> members, TimeSpan timeout, bool skipStopped, CancellationToken cancellationToken)
    {
        foreach (var member in members)
        {
            foreach (var forwarder in topology.ForwardersTo(member))
            {
                if (skipStopped && await BackendAdminClient.GetAsync(forwarder, cancellationToken) is null)
                {
                    console.MarkupLineInterpolated($"[grey]{forwarder.Name} does not answer, so it sends {member.Name} nothing[/]");
                    continue;
                }

                var backend = await BackendAdminClient.SetDrainedAsync(forwarder, member, drained: true, cancellationToken);
                console.MarkupLineInterpolated($"[yellow]draining[/] {member.Name} [grey]on {forwarder.Name}: {InFlight(backend, member)} request(s) in flight[/]");
                WarnWhenNoneServes(forwarder, backend);
            }
        }

        var stopwatch = Stopwatch.StartNew();
        foreach (var member in members)
        {
            foreach (var forwarder in topology.ForwardersTo(member))
            {
                await WaitUntilIdleAsync(forwarder, member, timeout - stopwatch.Elapsed, cancellationToken);
            }

            console.MarkupLineInterpolated(
                $"[green]drained[/] {member.Name} [grey]after {stopwatch.Elapsed.TotalSeconds:0.0} s: no request in flight, safe to stop; './webinfra undrain {member.Name}' brings it back[/]");
        }
    }

    public async Task UndrainAsync(IReadOnlyList<Component> members, CancellationToken cancellationToken)
    {
        foreach (var member in members)
        {
            foreach (var forwarder in topology.ForwardersTo(member))
            {
                var backend = await BackendAdminClient.SetDrainedAsync(forwarder, member, drained: false, cancellationToken);
                var state = backend.Members.FirstOrDefault(m => m.Name == member.Name)?.State ?? "?";
                console.MarkupLineInterpolated($"[green]undrained[/] {member.Name} [grey]on {forwarder.Name}: {state}[/]");
            }
        }
    }

    private static async Task WaitUntilIdleAsync(Component forwarder, Component member, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var backend = await BackendAdminClient.GetAsync(forwarder, cancellationToken);
            var inFlight = backend is null ? 0 : InFlight(backend, member);
            if (inFlight == 0)
            {
                return;
            }

            if (deadline.Elapsed >= timeout)
            {
                throw new SupervisorException(
                    $"{member.Name} still has {inFlight} request(s) in flight on {forwarder.Name} after {timeout.TotalSeconds:0} s; it stays drained (no new requests), so wait longer or stop it anyway");
            }

            await Task.Delay(s_pollInterval, cancellationToken);
        }
    }

    private void WarnWhenNoneServes(Component forwarder, BackendStatus backend)
    {
        if (!backend.Members.Any(m => m.Serving))
        {
            console.MarkupLineInterpolated($"[red]warning:[/] {forwarder.Name} has no member left to serve backend '{backend.Name}': its clients get 503 until one is undrained or healthy");
        }
    }

    private static long InFlight(BackendStatus backend, Component member) =>
        backend.Members.FirstOrDefault(m => m.Name == member.Name)?.InFlight ?? 0;
}

using System.Net;
using WebInfra.Cli.Commands;
using WebInfra.Database.Monitoring;
using WebInfra.Topology.Model;

namespace WebInfra.Cli.Supervision;

/// <summary>Talks to the database monitor's admin listener: reads the cluster and asks for a switchover.</summary>
internal static class MonitorAdminClient
{
    // A switchover waits up to 5 s for the target to catch up, then promotes and repoints.
    private static readonly Lazy<HttpClient> s_switchoverHttp = new(() => AdminHttp.CreateClient(TimeSpan.FromSeconds(30)));

    /// <summary>The cluster as <paramref name="monitor"/> sees it, or null when its admin listener does not answer.</summary>
    public static Task<ClusterStatus?> GetClusterAsync(Component monitor, CancellationToken cancellationToken) =>
        AdminHttp.GetOrNullAsync<ClusterStatus>(monitor, MonitorAdminPaths.Cluster, cancellationToken);

    /// <summary>
    /// The cluster as the leading monitor sees it (its failovers and their times), asked of the one the first answering
    /// monitor names; else as the first of <paramref name="monitors"/> that answers sees it (every monitor serves it);
    /// null when none answers.
    /// </summary>
    public static async Task<ClusterStatus?> GetClusterFromAnyAsync(IReadOnlyList<Component> monitors, CancellationToken cancellationToken)
    {
        foreach (var monitor in monitors)
        {
            if (await GetClusterAsync(monitor, cancellationToken) is { Nodes.Count: > 0 } cluster)
            {
                return cluster.Leader is { } name && name != monitor.Name && monitors.FirstOrDefault(m => m.Name == name) is { } leader
                    && await GetClusterAsync(leader, cancellationToken) is { Nodes.Count: > 0 } led
                    ? led
                    : cluster;
            }
        }

        return null;
    }

    /// <summary>
    /// The monitor a switchover goes to: the only one, or the one the monitors say leads.
    /// </summary>
    /// <exception cref="SupervisorException">No monitor answers, or none leads now (the answer says why).</exception>
    public static async Task<Component> LeaderAsync(Topology.Model.Topology topology, CancellationToken cancellationToken)
    {
        var monitors = topology.Monitors.ToList();
        if (monitors.Count == 1)
        {
            return monitors[0];
        }

        var cluster = await GetClusterFromAnyAsync(monitors, cancellationToken)
            ?? throw new SupervisorException($"no database monitor answers ({string.Join(", ", monitors.Select(m => m.Name))}); start them: './webinfra start {monitors[0].Name}'");
        return monitors.FirstOrDefault(m => m.Name == cluster.Leader)
            ?? throw new SupervisorException($"no monitor leads the cluster now ({cluster.LeadershipProblem ?? "an election is under way"}); a switchover needs the leader: try again once 'db status' names one");
    }

    /// <summary>Asks <paramref name="monitor"/> to hand the primary role to <paramref name="target"/>; returns its answer.</summary>
    /// <exception cref="UsageException">The monitor refused the target as one that can never be promoted.</exception>
    /// <exception cref="SupervisorException">The monitor cannot be reached, or the switchover was abandoned.</exception>
    public static async Task<string> SwitchoverAsync(Component monitor, string target, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await s_switchoverHttp.Value.PostAsync(AdminHttp.UriOf(monitor, MonitorAdminPaths.SwitchoverTo(target)), content: null, cancellationToken);
        }
        catch (Exception e) when (e is HttpRequestException || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            throw new SupervisorException(
                $"no database monitor answers at {monitor.AdminEndPoint} ({e.Message}); a switchover needs {monitor.Name} running: './webinfra start {monitor.Name}'");
        }

        using (response)
        {
            AdminHttp.EnsureAuthenticated(monitor, response);
            var text = (await response.Content.ReadAsStringAsync(cancellationToken)).Trim();
            return response.StatusCode switch
            {
                HttpStatusCode.OK => text,
                HttpStatusCode.BadRequest => throw new UsageException(text, "'./webinfra db status' lists the replicas"),
                _ => throw new SupervisorException($"switchover to {target} refused by {monitor.Name}: {text}"),
            };
        }
    }
}

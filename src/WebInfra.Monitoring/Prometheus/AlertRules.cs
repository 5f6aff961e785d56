using System.Globalization;

namespace WebInfra.Monitoring.Prometheus;

/// <summary>
/// The alerts of <c>webinfra-alerts.yml</c>: the components' own series (requests, backends) and the monitor's
/// series for the database nodes, which run mariadbd and serve no <c>/metrics</c> themselves.
/// </summary>
internal static class AlertRules
{
    /// <summary>The rule group's name in the file.</summary>
    public const string GroupName = "webinfra";

    private const string Critical = "critical";
    private const string Warning = "warning";
    private const string Info = "info";

    /// <summary>Requests that count for error rates and latency: not the balancers' and web servers' health probes.</summary>
    private const string Traffic = "class!=\"health\"";

    /// <summary>The labels every target carries, so a rule that aggregates keeps saying which component it is about.</summary>
    private const string ByComponent = "job, server, component";

    /// <summary>A site with several monitors: one of them, elected through etcd, must lead, or no failover can happen.</summary>
    private static readonly AlertRule s_leadershipRule = new(
        "WebInfraNoMonitorLeads",
        "max(webinfra_monitor_leader) == 0",
        "10s",
        Critical,
        "no database monitor leads",
        "None of the monitors has been elected for 10s (etcd has no quorum, or the monitors cannot reach it): the site serves on, but a failed primary would not be replaced. 'webinfra db status' says why; 'webinfra status' shows the etcd members.");

    /// <summary>A site with VIPs: one MASTER per VIP is healthy, none or more are not (<c>webinfra_vrrp_state</c> of each balancer).</summary>
    private static readonly AlertRule[] s_vipRules =
    [
        new(
            "WebInfraVipLost",
            "sum by (vip) (webinfra_vrrp_state == bool 2) == 0",
            "5s",
            Critical,
            "VIP {{ $labels.vip }} is held by no balancer",
            "No keepalived reports MASTER for {{ $labels.vip }}: nothing answers the site's address. 'webinfra status' shows each balancer's VRRP state (FAULT: its balancer is unhealthy); 'webinfra logs SERVER/vrrp' says why."),
        new(
            "WebInfraVipSplitBrain",
            "sum by (vip) (webinfra_vrrp_state == bool 2) > 1",
            "5s",
            Critical,
            "VIP {{ $labels.vip }} is held by {{ $value }} balancers",
            "Several keepalived report MASTER for {{ $labels.vip }}: they do not hear each other's adverts (a partition, or a firewall dropping VRRP), and both servers answer the address, each for the clients whose ARP cache points at it. Heal the network between the balancers; the lower priority then steps back."),
    ];

    /// <summary>A site running the user's application: a crash loop, and an application that stopped serving.</summary>
    private static readonly AlertRule[] s_applicationRules =
    [
        new(
            "WebInfraApplicationRestarting",
            "increase(webinfra_application_restarts_total[10m]) > 3",
            null,
            Warning,
            "the application of {{ $labels.component }} was started again {{ $value | humanize }} times in 10 minutes",
            "The user's application on {{ $labels.component }} keeps exiting (or not coming up within its start timeout) and its application server keeps starting it again, waiting up to 30 s between starts. 'webinfra logs {{ $labels.component }}' has its own output and how each run ended."),
        new(
            "WebInfraApplicationNotServing",
            "webinfra_application_serving == 0",
            "1m",
            Critical,
            "the application of {{ $labels.component }} does not serve",
            "The user's application on {{ $labels.component }} has not answered its health path for a minute (starting, unhealthy or restarting), so no request reaches it. 'webinfra status' shows its phase and last exit."),
    ];

    /// <summary>A site that keeps access logs: lines dropped because the disk could not keep up with the requests.</summary>
    private static readonly AlertRule s_accessLogRule = new(
        "WebInfraAccessLogDropping",
        "increase(webinfra_access_log_dropped_total[5m]) > 0",
        null,
        Warning,
        "{{ $labels.component }} dropped {{ $value | humanize }} access log lines in 5 minutes",
        "The access log of {{ $labels.component }} could not write as fast as requests came, and its buffer (32,768 lines, 32 MiB) was full: lines were dropped rather than slow a request. The requests were served; the log misses them. A slow or full disk under .webinfra/logs is the usual cause.");

    public static IReadOnlyList<AlertRule> For(Topology.Model.Topology topology)
    {
        ArgumentNullException.ThrowIfNull(topology);
        var maxLag = topology.Database.Reads.MaxLag.TotalSeconds.ToString("R", CultureInfo.InvariantCulture);
        List<AlertRule> rules =
        [
            new(
                "WebInfraComponentDown",
                "up == 0",
                "15s",
                Critical,
                "{{ $labels.component }} is down",
                "Prometheus has not scraped {{ $labels.component }} at {{ $labels.instance }} for 15s: the process is gone or its admin listener does not answer. 'webinfra status' and 'webinfra logs {{ $labels.component }}' tell which."),
            new(
                "WebInfraDatabaseNodeDown",
                "webinfra_db_node_up == 0",
                "15s",
                Critical,
                "database node {{ $labels.node }} is down",
                "The monitor ({{ $labels.component }}) has not reached {{ $labels.node }} for 15s. If it was the primary, the monitor promotes a replica; 'webinfra db status' shows the cluster."),
            new(
                "WebInfraHighErrorRate",
                $"sum by ({ByComponent}) (rate(webinfra_http_requests_total{{{Traffic},code=~\"5..\"}}[1m])) / sum by ({ByComponent}) (rate(webinfra_http_requests_total{{{Traffic}}}[1m])) > 0.05",
                "1m",
                Critical,
                "{{ $labels.component }} answers {{ $value | humanizePercentage }} of requests with 5xx",
                "More than 5% of the requests {{ $labels.component }} answered (health probes left out) were server errors for a minute. Its log and the components behind it are where to look."),
            new(
                "WebInfraSlowResponses",
                $"histogram_quantile(0.99, sum by ({ByComponent}, le) (rate(webinfra_http_request_duration_seconds_bucket{{{Traffic}}}[1m]))) > 1",
                "5m",
                Warning,
                "{{ $labels.component }} takes {{ $value | humanizeDuration }} at the 99th percentile",
                "The slowest 1% of the requests {{ $labels.component }} answered (health probes left out) took more than 1s for 5 minutes."),
            new(
                "WebInfraReplicationLag",
                $"webinfra_db_replication_lag_seconds > {maxLag}",
                "30s",
                Warning,
                "replica {{ $labels.node }} is {{ $value | humanizeDuration }} behind the primary",
                $"{{{{ $labels.node }}}} has been further behind the primary than the topology's database.reads.max_lag ({maxLag}s) for 30s, so the application sends it no reads: they all go to the primary until it catches up."),
            new(
                "WebInfraReplicaCutOff",
                "webinfra_db_replica_data_age_seconds > 30 unless on (node) webinfra_db_replication_lag_seconds",
                "15s",
                Warning,
                "replica {{ $labels.node }} is cut off from its primary; its data is {{ $value | humanizeDuration }} old",
                "{{ $labels.node }} has not been in touch with its primary for a while, so it receives no writes. While no node is writable (the primary is gone and no failover has happened) the application still serves reads from it, with data of this age: bring the primary back or promote a replica ('webinfra db switchover'). If a primary is up, the replica gets no reads; 'webinfra db status' shows why it is cut off."),
            new(
                "WebInfraNoHealthyBackend",
                "webinfra_backend_members_available == 0",
                "15s",
                Critical,
                "{{ $labels.component }} has no member of backend {{ $labels.backend }} to forward to",
                "Every member of backend {{ $labels.backend }} is down, failing its health checks or drained, so {{ $labels.component }} answers what it would forward with 503. 'webinfra status' shows the members."),
            new(
                "WebInfraFailoverHeld",
                "webinfra_db_failover_held == 1",
                "30s",
                Warning,
                "the primary runs without a replica's acknowledgement; failover is held",
                "No replica has acknowledged the primary's commits, so the leading monitor switched it to asynchronous replication to keep writes going, and holds failover: a promoted replica would lack the writes acknowledged since. Bring a replica back ('webinfra db status' shows why each is out); semi-sync and failover return once it has caught up."),
            new(
                "WebInfraNoPrimary",
                "sum(webinfra_db_node_role{role=\"primary\"}) == 0",
                "15s",
                Critical,
                "the database has no primary",
                "No database node has been primary for 15s, longer than a failover takes: writes fail. 'webinfra db status' shows each node's role and why no replica could be promoted."),
            new(
                "WebInfraErrantTransactions",
                "webinfra_db_errant_transactions == 1",
                "15s",
                Warning,
                "database node {{ $labels.node }} holds transactions the primary does not have",
                "{{ $labels.node }} has GTIDs that are not in the primary's history (a write made on it directly, or what it committed as a primary that no replica received). A failover to it, or its rejoin, would fork or stop replication. 'webinfra db status' lists them; 'webinfra db repair {{ $labels.node }}' rebuilds it from a healthy node ('--inject' keeps them by writing empty transactions with their GTIDs on the primary)."),
            new(
                "WebInfraFailover",
                "increase(webinfra_db_failovers_total[5m]) > 0",
                null,
                Info,
                "the database monitor promoted a new primary",
                "{{ $labels.component }} made a replica the primary in the last 5 minutes. The old primary comes back only as a replica; 'webinfra db status' shows the cluster now."),
        ];
        if (topology.Vips.Count > 0)
        {
            rules.AddRange(s_vipRules);
        }

        if (topology.Site.AccessLog.Enabled)
        {
            rules.Add(s_accessLogRule);
        }

        if (topology.Components.Any(c => c.Application is not null))
        {
            rules.AddRange(s_applicationRules);
        }

        if (topology.Monitors.Skip(1).Any())
        {
            rules.Add(s_leadershipRule);
        }

        return rules;
    }
}

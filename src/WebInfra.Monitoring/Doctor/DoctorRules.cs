namespace WebInfra.Monitoring.Doctor;

/// <summary>
/// The names of <c>doctor</c>'s rules, in one place as YARP keeps its policy names, so that findings, <c>--json</c>
/// and tests agree on them. Each says when it fires.
/// </summary>
public static class DoctorRules
{
    /// <summary>Fewer than two servers run a balancer: the site's entry point is one host (error).</summary>
    public const string SingleBalancer = nameof(SingleBalancer);

    /// <summary>The web servers run on fewer than two servers (error).</summary>
    public const string SingleWebServer = nameof(SingleWebServer);

    /// <summary>The application servers run on fewer than two servers (error).</summary>
    public const string SingleAppServer = nameof(SingleAppServer);

    /// <summary>The database nodes run on fewer than two servers: the primary has no replica elsewhere (error).</summary>
    public const string SingleDatabaseNode = nameof(SingleDatabaseNode);

    /// <summary>There are replicas but no monitor, so nothing promotes one when the primary fails (error).</summary>
    public const string NoFailover = nameof(NoFailover);

    /// <summary>
    /// The monitor is single: failover stops when it dies (warning), or dies with the primary's host, which leaves the
    /// database down (error).
    /// </summary>
    public const string SingleMonitor = nameof(SingleMonitor);

    /// <summary>A backend has exactly one active member and no backup (error).</summary>
    public const string SingleActiveMember = nameof(SingleActiveMember);

    /// <summary>Nothing limits who reaches which port (warning); WebInfra has no firewall settings yet.</summary>
    public const string NoFirewall = nameof(NoFirewall);

    /// <summary>Clients reach the site over plain HTTP (warning); WebInfra has no HTTPS settings yet.</summary>
    public const string NoHttps = nameof(NoHttps);

    /// <summary><c>site.route_header: true</c> names the internal nodes on every response (warning).</summary>
    public const string RouteHeaderExposed = nameof(RouteHeaderExposed);

    /// <summary>No <c>monitor</c> component: nothing watches any node (warning).</summary>
    public const string NoMonitoring = nameof(NoMonitoring);

    /// <summary>The dashboard shows failures but nothing alerts on them: export the Prometheus rules (info).</summary>
    public const string NoAlerting = nameof(NoAlerting);

    /// <summary>HTTPS ends at the balancer and the hops behind it are plain text: no <c>tls.internal</c> (warning).</summary>
    public const string TlsEndsAtBalancer = nameof(TlsEndsAtBalancer);

    /// <summary>Database nodes on more than one server talk without TLS: no <c>database.tls</c> (warning).</summary>
    public const string PlainDatabaseTraffic = nameof(PlainDatabaseTraffic);

    /// <summary>One server runs a web server, an application server and a database node (warning).</summary>
    public const string CrowdedServer = nameof(CrowdedServer);

    /// <summary>A database node shares its server with an application server (info).</summary>
    public const string DatabaseBesideApp = nameof(DatabaseBesideApp);

    /// <summary>The database replicates asynchronously: acknowledged writes can be lost at a failover (warning).</summary>
    public const string AsyncReplication = nameof(AsyncReplication);

    /// <summary>Two or more balancers, but clients know only one of them: no VIP and no DNS record spans two (error).</summary>
    public const string OneEntryAddress = nameof(OneEntryAddress);
}

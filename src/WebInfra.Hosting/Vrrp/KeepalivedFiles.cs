namespace WebInfra.Hosting.Vrrp;

/// <summary>
/// Where one server's keepalived keeps its files in the site's state folder (<c>vrrp/SERVER/</c>): its configuration,
/// pid files, the FIFO it reports state changes on, the file that tells it the balancer's health, and the events
/// WebInfra's agent records from the FIFO.
/// The balancer beside it exports its state as metrics (which the dashboard reads), and <c>status</c> reads them on the server.
/// </summary>
/// <param name="StateDirectory">The site's state folder.</param>
/// <param name="ServerName">The server whose keepalived it is.</param>
public sealed record KeepalivedFiles(string StateDirectory, string ServerName)
{
    /// <summary>The server's keepalived folder.</summary>
    public string Directory => Path.Combine(StateDirectory, "vrrp", ServerName);

    /// <summary>The configuration WebInfra writes and keepalived reads (<c>-f</c>).</summary>
    public string Configuration => Path.Combine(Directory, "keepalived.conf");

    /// <summary>The main keepalived process's pid file (<c>-p</c>).</summary>
    public string PidFile => Path.Combine(Directory, "keepalived.pid");

    /// <summary>The VRRP child process's pid file (<c>-r</c>).</summary>
    public string VrrpPidFile => Path.Combine(Directory, "vrrp.pid");

    /// <summary>The FIFO keepalived writes each state change to, in order (<c>vrrp_notify_fifo</c>).</summary>
    public string NotifyFifo => Path.Combine(Directory, "notify.fifo");

    /// <summary>The balancer's health as keepalived tracks it (<c>vrrp_track_file</c>): 0 healthy, 1 not.</summary>
    public string TrackFile => Path.Combine(Directory, "balancer.health");

    /// <summary>One line per state change: milliseconds since the epoch, the VIP's name, the state keepalived reported (or INIT at a start).</summary>
    public string Events => Path.Combine(Directory, "events");
}

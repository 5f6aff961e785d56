namespace WebInfra.Topology.Model;

/// <summary>
/// What keeps the components of an SSH host running; the value of <c>ssh: { service_manager: … }</c>
/// (<see cref="SshSettings.ServiceManager"/>).
/// </summary>
public enum ServiceManager
{
    /// <summary><c>auto</c>: systemd on each host that systemd runs, WebInfra's own detached processes on any other. The default.</summary>
    Auto,

    /// <summary>
    /// <c>systemd</c>: one unit per component, enabled, so systemd starts it again after a crash and after a reboot; a
    /// host that systemd does not run is reported before anything changes.
    /// </summary>
    Systemd,

    /// <summary><c>processes</c>: detached processes of the site's user, which nothing starts again once they die.</summary>
    Processes,
}

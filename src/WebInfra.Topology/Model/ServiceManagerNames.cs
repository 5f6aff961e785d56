namespace WebInfra.Topology.Model;

/// <summary>The words a topology file uses for <see cref="ServiceManager"/>; one table so reading and writing agree.</summary>
public static class ServiceManagerNames
{
    /// <summary>The value <c>service_manager</c> takes in a topology file for <paramref name="manager"/>, e.g. <c>systemd</c>.</summary>
    public static string ToKey(this ServiceManager manager) => manager switch
    {
        ServiceManager.Auto => "auto",
        ServiceManager.Systemd => "systemd",
        ServiceManager.Processes => "processes",
        _ => throw new ArgumentOutOfRangeException(nameof(manager), manager, null),
    };
}

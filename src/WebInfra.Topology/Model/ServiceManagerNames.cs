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

    /// <summary>Every service manager a topology file may name, the default first.</summary>
    public static IReadOnlyList<ServiceManager> All { get; } = Enum.GetValues<ServiceManager>();

    /// <summary>The service manager whose key is <paramref name="key"/> (ignoring case), or null.</summary>
    public static ServiceManager? FromKey(string key) =>
        All.Cast<ServiceManager?>().FirstOrDefault(m => string.Equals(m!.Value.ToKey(), key, StringComparison.OrdinalIgnoreCase));
}

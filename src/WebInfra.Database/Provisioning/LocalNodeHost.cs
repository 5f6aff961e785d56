namespace WebInfra.Database.Provisioning;

/// <summary>Nodes whose files are this machine's, at the paths the nodes name, handled by this process's account.</summary>
public sealed class LocalNodeHost : INodeHost
{
    private readonly bool _runsAsRoot;
    private readonly Lazy<MariaDbInstallation> _installation;

    /// <summary>Nodes of this machine, handled by an account that is root or not, with MariaDB's programs of <paramref name="installation"/>.</summary>
    /// <param name="runsAsRoot">Whether the account is root.</param>
    /// <param name="installation">MariaDB's programs; found on this machine when first needed when null (a failed search is not remembered).</param>
    public LocalNodeHost(bool runsAsRoot, MariaDbInstallation? installation = null)
    {
        _runsAsRoot = runsAsRoot;
        _installation = installation is null ? new(MariaDbInstallation.Find, LazyThreadSafetyMode.PublicationOnly) : new(installation);
    }

    /// <summary>This machine, as this process runs.</summary>
    public static LocalNodeHost Current { get; } = new(Environment.IsPrivilegedProcess);

    /// <inheritdoc/>
    public IReadOnlyList<string> CommandLine(DatabaseNode node, IReadOnlyList<string> commandLine) => commandLine;

    /// <inheritdoc/>
    public bool RunsAsRoot(DatabaseNode node) => _runsAsRoot;

    /// <inheritdoc/>
    public DatabaseNode Placed(DatabaseNode node) => node;

    /// <inheritdoc/>
    public MariaDbInstallation Installation(DatabaseNode node) => _installation.Value;
}

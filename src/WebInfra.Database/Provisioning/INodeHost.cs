namespace WebInfra.Database.Provisioning;

/// <summary>
/// Where a database node's files are and MariaDB's tools run for it: the node's server, reached as the account its
/// mariadbd runs as. Every step of <see cref="MariaDbProvisioner"/> that reads or changes a node's files (installing,
/// the init file, a clone, a repair) is a command line run through this, so a node is made the same way on this
/// machine, in a network namespace of it or on a host reached over SSH, and its files are its own account's.
/// </summary>
public interface INodeHost
{
    /// <summary>The command line that runs <paramref name="commandLine"/> on <paramref name="node"/>'s server, as the account its mariadbd runs as.</summary>
    IReadOnlyList<string> CommandLine(DatabaseNode node, IReadOnlyList<string> commandLine);

    /// <summary>True when that account is root, as which mariadbd and mariadb-install-db run only when told (<c>--user=root</c>).</summary>
    bool RunsAsRoot(DatabaseNode node);

    /// <summary><paramref name="node"/> as its server sees it: its data directory and certificates where they are there.</summary>
    DatabaseNode Placed(DatabaseNode node);

    /// <summary>MariaDB's programs on <paramref name="node"/>'s server.</summary>
    /// <exception cref="MariaDbNotInstalledException">The server lacks them; the message says what to install.</exception>
    MariaDbInstallation Installation(DatabaseNode node);
}

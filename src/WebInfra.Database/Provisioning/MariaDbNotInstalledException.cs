namespace WebInfra.Database.Provisioning;

/// <summary>
/// MariaDB's programs are not on this machine. The message names the missing programs, where they
/// were looked for and the command that installs them, so the user can fix it without a search.
/// </summary>
public sealed class MariaDbNotInstalledException : Exception
{
    internal MariaDbNotInstalledException(IReadOnlyList<string> missingPrograms, IReadOnlyList<string> searchedDirectories, string? package = null)
        : base($"MariaDB is not installed: could not find {string.Join(" nor ", missingPrograms)} in {string.Join(", ", searchedDirectories)}. "
            + $"Install it with: {(package is null ? MariaDbInstallation.InstallCommand : $"apt-get install -y {package}")}")
    {
        MissingPrograms = missingPrograms;
    }

    /// <summary>The programs that were not found, such as <c>mariadbd or mysqld</c>.</summary>
    public IReadOnlyList<string> MissingPrograms { get; }
}

using WebInfra.Database.Provisioning;

namespace WebInfra.Database.Tests.Provisioning;

public sealed class MariaDbInstallationTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    private string Program(string directory, string name, bool executable = true)
    {
        var path = _directory.Combine(directory, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, "#!/bin/sh\n");
        File.SetUnixFileMode(path, executable ? UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute : UnixFileMode.UserRead);
        return path;
    }

    [Fact]
    public void Missing_programs_error_says_what_to_install()
    {
        var exception = Assert.Throws<MariaDbNotInstalledException>(() => MariaDbInstallation.Find([_directory.Path]));

        Assert.Contains("apt-get install -y mariadb-server", exception.Message, StringComparison.Ordinal);
        Assert.Contains("mariadbd or mysqld", exception.Message, StringComparison.Ordinal);
        Assert.Contains("mariadb-install-db or mysql_install_db", exception.Message, StringComparison.Ordinal);
        Assert.Contains(_directory.Path, exception.Message, StringComparison.Ordinal);
        Assert.Equal(2, exception.MissingPrograms.Count);
    }

    [Fact]
    public void Only_the_missing_program_is_named()
    {
        Program("sbin", "mariadbd");

        var exception = Assert.Throws<MariaDbNotInstalledException>(() => MariaDbInstallation.Find([_directory.Combine("sbin")]));

        Assert.Equal(["mariadb-install-db or mysql_install_db"], exception.MissingPrograms);
    }

    [Fact]
    public void Programs_are_found_across_search_directories()
    {
        var server = Program("sbin", "mariadbd");
        var installDb = Program("bin", "mariadb-install-db");

        var installation = MariaDbInstallation.Find([_directory.Combine("sbin"), _directory.Combine("bin")]);

        Assert.Equal(server, installation.ServerPath);
        Assert.Equal(installDb, installation.InstallDbPath);
    }

    [Fact]
    public void Old_mysql_names_are_accepted_when_the_mariadb_names_are_missing()
    {
        var server = Program("sbin", "mysqld");
        var installDb = Program("bin", "mysql_install_db");

        var installation = MariaDbInstallation.Find([_directory.Combine("sbin"), _directory.Combine("bin")]);

        Assert.Equal((server, installDb), (installation.ServerPath, installation.InstallDbPath));
    }

    [Fact]
    public void Files_without_execute_permission_do_not_count()
    {
        Program("bin", "mariadbd", executable: false);
        Program("bin", "mariadb-install-db");

        Assert.Throws<MariaDbNotInstalledException>(() => MariaDbInstallation.Find([_directory.Combine("bin")]));
    }

    [Fact]
    public void A_hosts_installation_is_read_from_the_candidates_it_has_as_executable_files()
    {
        var directories = MariaDbInstallation.HostSearchDirectories;
        var candidates = MariaDbInstallation.Candidates(directories);
        Assert.Contains("/usr/sbin/mariadbd", candidates);
        Assert.Contains("/usr/bin/mbstream", candidates);

        var installation = MariaDbInstallation.From(directories, new HashSet<string> { "/usr/sbin/mariadbd", "/usr/bin/mariadb-install-db", "/usr/bin/mariadb-backup", "/usr/bin/mbstream" });

        Assert.Equal(("/usr/sbin/mariadbd", "/usr/bin/mariadb-install-db"), (installation.ServerPath, installation.InstallDbPath));
        Assert.Equal(("/usr/bin/mariadb-backup", "/usr/bin/mbstream"), installation.BackupPrograms());
    }

    [Fact]
    public void A_host_without_the_backup_tools_says_to_install_them_when_a_clone_needs_them()
    {
        var installation = MariaDbInstallation.From(MariaDbInstallation.HostSearchDirectories, new HashSet<string> { "/usr/sbin/mariadbd", "/usr/bin/mariadb-install-db" });

        var exception = Assert.Throws<MariaDbNotInstalledException>(() => installation.BackupPrograms());

        Assert.Contains("apt-get install -y mariadb-backup", exception.Message, StringComparison.Ordinal);
        Assert.Equal(["mariadb-backup or mariabackup", "mbstream"], exception.MissingPrograms);
        Assert.Equal(["mariadbd or mysqld", "mariadb-install-db or mysql_install_db"],
            Assert.Throws<MariaDbNotInstalledException>(() => MariaDbInstallation.From(MariaDbInstallation.HostSearchDirectories, new HashSet<string>())).MissingPrograms);
    }

    [Fact]
    public void Server_is_looked_for_in_sbin_even_when_PATH_lacks_it()
    {
        Assert.Equal(["/usr/sbin", "/usr/local/sbin"], MariaDbInstallation.DefaultSearchDirectories().Take(2));
    }
}

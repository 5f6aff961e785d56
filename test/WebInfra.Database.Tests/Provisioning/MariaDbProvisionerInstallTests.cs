using Microsoft.Extensions.Logging.Abstractions;
using WebInfra.Database.Provisioning;

namespace WebInfra.Database.Tests.Provisioning;

/// <summary>InstallAsync against a fake mariadb-install-db, a shell script that records its arguments.</summary>
public sealed class MariaDbProvisionerInstallTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    private string ArgumentsFile => _directory.Combine("install-db.args");

    private string TmpDirFile => _directory.Combine("install-db.tmpdir");

    private MariaDbProvisioner Provisioner(string installDbScript, bool runningAsRoot = false)
    {
        var path = _directory.Combine("mariadb-install-db");
        File.WriteAllText(path, "#!/bin/sh\n" + $"printf '%s\\n' \"$@\" > '{ArgumentsFile}'\necho \"$TMPDIR\" > '{TmpDirFile}'\n" + installDbScript);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return new MariaDbProvisioner(NullLogger.Instance, new LocalNodeHost(runningAsRoot, new MariaDbInstallation("/usr/sbin/mariadbd", path)));
    }

    private const string CreateSystemDatabase = """
        for arg in "$@"; do case "$arg" in --datadir=*) mkdir -p "${arg#--datadir=}/mysql";; esac; done
        echo "Installing MariaDB/MySQL system tables"
        """;

    [Fact]
    public async Task New_data_directory_is_installed_quickly_without_system_config_or_name_resolution()
    {
        var node = TestNodes.Primary(_directory.Combine("db"));

        await Provisioner(CreateSystemDatabase, runningAsRoot: true).InstallAsync(node, TestNodes.Secrets, "site", DatabaseAccountHosts.Anywhere, CancellationToken.None);

        var arguments = File.ReadAllLines(ArgumentsFile);
        Assert.Equal("--no-defaults", arguments[0]);
        Assert.Contains("--skip-test-db", arguments);
        Assert.Contains("--skip-name-resolve", arguments);
        Assert.Contains("--auth-root-authentication-method=socket", arguments);
        Assert.Contains("--user=root", arguments);
        Assert.True(Directory.Exists(_directory.Combine("db", "mysql")));
    }

    [Fact]
    public async Task Install_works_next_to_the_data_directory_and_moves_the_result_in()
    {
        var node = TestNodes.Primary(_directory.Combine("db"));
        Directory.CreateDirectory(node.DataDirectory);

        await Provisioner(CreateSystemDatabase).InstallAsync(node, TestNodes.Secrets, "site", DatabaseAccountHosts.Anywhere, CancellationToken.None);

        Assert.Contains($"--datadir={node.DataDirectory}.installing", File.ReadAllLines(ArgumentsFile));
        Assert.DoesNotContain("--user=root", File.ReadAllLines(ArgumentsFile));
        Assert.False(Directory.Exists(node.DataDirectory + ".installing"));
        Assert.True(Directory.Exists(Path.Combine(node.DataDirectory, "mysql")));
    }

    [Fact]
    public async Task Install_uses_the_nodes_own_temporary_directory_created_for_the_owner_only()
    {
        var node = TestNodes.Primary(_directory.Combine("db"));

        await Provisioner(CreateSystemDatabase).InstallAsync(node, TestNodes.Secrets, "site", DatabaseAccountHosts.Anywhere, CancellationToken.None);

        Assert.Equal(node.DataDirectory + ".tmp", File.ReadAllText(TmpDirFile).TrimEnd());
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(node.DataDirectory + ".tmp"));
    }

    [Fact]
    public async Task Initialised_data_directory_is_not_installed_again()
    {
        var node = TestNodes.Primary(_directory.Combine("db"));
        Directory.CreateDirectory(Path.Combine(node.DataDirectory, "mysql"));

        await Provisioner("exit 1").InstallAsync(node, TestNodes.Secrets, "site", DatabaseAccountHosts.Anywhere, CancellationToken.None);

        Assert.False(File.Exists(ArgumentsFile));
    }

    [Fact]
    public async Task Failed_install_names_the_node_the_command_and_the_output_and_leaves_no_data_directory()
    {
        var node = TestNodes.Primary(_directory.Combine("db"));

        var exception = await Assert.ThrowsAsync<DatabaseNodeException>(() =>
            Provisioner("echo 'fatal error: Cannot change ownership' >&2\nexit 3").InstallAsync(node, TestNodes.Secrets, "site", DatabaseAccountHosts.Anywhere, CancellationToken.None));

        Assert.Same(node, exception.Node);
        Assert.Contains("server-1/db", exception.Message, StringComparison.Ordinal);
        Assert.Contains("exit code 3", exception.Message, StringComparison.Ordinal);
        Assert.Contains($"mariadb-install-db --no-defaults --datadir={node.DataDirectory}.installing", exception.Message, StringComparison.Ordinal);
        Assert.Contains("fatal error: Cannot change ownership", exception.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(node.DataDirectory));
        Assert.False(Directory.Exists(node.DataDirectory + ".installing"));
    }

    [Fact]
    public async Task Non_empty_foreign_directory_is_not_installed_over()
    {
        var node = TestNodes.Primary(_directory.Combine("db"));
        Directory.CreateDirectory(node.DataDirectory);
        File.WriteAllText(Path.Combine(node.DataDirectory, "notes.txt"), "keep me");

        var exception = await Assert.ThrowsAsync<DatabaseNodeException>(() =>
            Provisioner(CreateSystemDatabase).InstallAsync(node, TestNodes.Secrets, "site", DatabaseAccountHosts.Anywhere, CancellationToken.None));

        Assert.Contains("not empty", exception.Message, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(node.DataDirectory, "notes.txt")));
    }

    [Fact]
    public async Task Init_file_is_rewritten_with_mode_0600_on_every_install()
    {
        var node = TestNodes.Primary(_directory.Combine("db"));
        var provisioner = Provisioner(CreateSystemDatabase);
        var initFile = Path.Combine(node.DataDirectory, "webinfra-init.sql");

        await provisioner.InstallAsync(node, TestNodes.Secrets, "site", DatabaseAccountHosts.Anywhere, CancellationToken.None);
        await provisioner.InstallAsync(node, TestNodes.Secrets with { AppPassword = "changed" }, "site", DatabaseAccountHosts.Anywhere, CancellationToken.None);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(initFile));
        Assert.Contains("'changed'", File.ReadAllText(initFile), StringComparison.Ordinal);
        Assert.StartsWith("SET sql_log_bin=0;", File.ReadAllText(initFile), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancelled_install_stops_mariadb_install_db()
    {
        var node = TestNodes.Primary(_directory.Combine("db"));
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            Provisioner("exec sleep 30").InstallAsync(node, TestNodes.Secrets, "site", DatabaseAccountHosts.Anywhere, cancellation.Token));

        Assert.False(Directory.Exists(node.DataDirectory));
    }
}

using WebInfra.Hosts.Ssh;

namespace WebInfra.Hosts.Tests.Ssh;

public sealed class PackageInstallTests
{
    [Fact]
    public void Only_the_services_of_the_packages_installed_are_disabled_and_a_package_with_none_disables_nothing()
    {
        var script = PackageInstall.Script(["etcd-server", "nftables"]);

        Assert.Contains("install --no-install-recommends 'etcd-server' 'nftables'", script, StringComparison.Ordinal);
        Assert.Contains("for service in etcd; do systemctl disable -q --now", script, StringComparison.Ordinal);
        Assert.DoesNotContain("systemctl", PackageInstall.Script(["nftables", "iproute2"]), StringComparison.Ordinal);
    }

    [Fact]
    public void A_policy_that_denies_every_start_is_written_only_where_the_host_has_none_and_removed_when_done()
    {
        var script = PackageInstall.Script(["keepalived"]);

        Assert.Contains($"if [ ! -e {PackageInstall.PolicyFile} ]; then", script, StringComparison.Ordinal);
        Assert.Contains("exit 101", script, StringComparison.Ordinal);
        Assert.Contains($"trap 'rm -f {PackageInstall.PolicyFile}' EXIT", script, StringComparison.Ordinal);
        Assert.True(script.IndexOf("apt-get", StringComparison.Ordinal) > script.IndexOf(PackageInstall.PolicyFile, StringComparison.Ordinal));
    }

    [Fact]
    public void A_failure_is_told_by_apts_error_lines_or_else_its_last_line()
    {
        Assert.Equal("E: Unable to locate package etcd-server",
            PackageInstall.Failure("W: Some index files failed to download.\nE: Unable to locate package etcd-server\n", "Reading package lists...\n"));
        Assert.Equal("Killed", PackageInstall.Failure("", "Unpacking etcd-server ...\nKilled\n"));
        Assert.Equal("no message", PackageInstall.Failure("", ""));
    }

    [Theory]
    [InlineData("mariadb-server", "mariadb")]
    [InlineData("etcd-server", "etcd")]
    [InlineData("knot", "knot")]
    [InlineData("mariadb-backup", null)]
    public void Each_package_names_the_system_service_it_adds(string package, string? service) =>
        Assert.Equal(service, PackageInstall.SystemServiceOf(package));
}

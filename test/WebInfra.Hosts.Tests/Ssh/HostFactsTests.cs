using System.Net;
using WebInfra.Hosts.Ssh;
using WebInfra.Topology.Model;

namespace WebInfra.Hosts.Tests.Ssh;

public sealed class HostFactsTests
{
    private static readonly DateTimeOffset s_now = DateTimeOffset.FromUnixTimeSeconds(1_796_000_000);

    /// <summary>What the script prints on a Debian 12 host whose site user is uid 999, with sshd on 22 and the site's web server on 8081.</summary>
    private static readonly string s_debian = string.Join('\n',
        "system=Linux",
        "architecture=x86_64",
        "distribution=debian 12",
        "clock=1796000000.250000000",
        "systemd=yes",
        "missing=",
        "nft=yes",
        "apt=yes",
        "site_user=999",
        "listening=0.0.0.0:22 users:((\"sshd\",pid=501,fd=3)) ino:1234 sk:1 <->",
        "listening=10.0.0.1:8081 users:((\"webinfra\",pid=900,fd=200)) uid:999 ino:99 sk:2 <->",
        "site_firewall=5f2d0c",
        "peer=10.0.0.2:8082 refused",
        "");

    private static Server Server(params Component[] components) => new("server-1", IPAddress.Parse("10.0.0.1"), components, new SourceLocation("site.yaml", 1, 1));

    private static Component Component(string kind, int port) => new()
    {
        ServerName = "server-1",
        Kind = kind switch { "web" => ComponentKind.Web, "db" => ComponentKind.Database, "etcd" => ComponentKind.Etcd, _ => ComponentKind.App },
        Role = kind switch { "web" => ComponentRole.Web, "db" => ComponentRole.DatabasePrimary, "etcd" => ComponentRole.Etcd, _ => ComponentRole.App },
        Address = IPAddress.Parse("10.0.0.1"),
        Port = port,
        Location = new SourceLocation("site.yaml", 1, 1),
    };

    [Fact]
    public void Reads_every_fact_the_script_prints()
    {
        var facts = HostFacts.Parse(s_debian);

        Assert.Equal(("Linux", "x86_64", "debian 12", true), (facts.System, facts.Architecture, facts.Distribution, facts.Systemd));
        Assert.Equal(s_now.AddMilliseconds(250), facts.Clock);
        Assert.Empty(facts.MissingTools);
        Assert.Equal(999, facts.SiteUser);
        Assert.True(facts.Nftables);
        Assert.True(facts.AptGet);
        Assert.Equal([("0.0.0.0", 22, "sshd", (int?)null), ("10.0.0.1", 8081, "webinfra", 999)], facts.Listening);
        Assert.Equal("linux-x64", facts.RuntimeIdentifier);
        Assert.Equal("5f2d0c", facts.SiteFirewall);
        Assert.Equal("refused", facts.Peers["10.0.0.2:8082"]);
        Assert.Null(HostFacts.Parse("system=Linux").SiteFirewall);
    }

    [Fact]
    public void A_good_host_with_the_sites_own_component_on_its_port_has_no_problem() =>
        Assert.Empty(HostFacts.Parse(s_debian).Problems(Server(Component("web", 8081)), s_now, firewall: true, ServiceManager.Auto, installPackages: true));

    [Fact]
    public void Every_problem_of_a_host_is_reported_at_once_each_with_its_fix()
    {
        var facts = HostFacts.Parse(s_debian.Replace("x86_64", "riscv64", StringComparison.Ordinal).Replace("missing=", "missing= setpriv ss", StringComparison.Ordinal)
            .Replace("clock=1796000000", "clock=1796000009", StringComparison.Ordinal));

        var problems = facts.Problems(Server(Component("web", 22)), s_now, firewall: false, ServiceManager.Auto, installPackages: false);

        Assert.Equal(
        [
            "it is a riscv64 machine, and WebInfra is built for x86_64 and aarch64 only",
            "it lacks setpriv, ss: install with 'apt-get install util-linux iproute2'",
            "its clock is 9.3 s ahead of this machine's: keep it in time with chrony or systemd-timesyncd",
            "port 22, which server-1/web needs, is taken by sshd: stop it, or give server-1/web another port",
        ], problems);
    }

    [Fact]
    public void MariaDbs_tools_are_needed_only_where_a_database_node_runs()
    {
        var facts = HostFacts.Parse(s_debian.Replace("missing=", "missing= mariadbd mariadb-install-db mbstream", StringComparison.Ordinal));

        Assert.Empty(facts.Problems(Server(Component("web", 8081)), s_now, firewall: true, ServiceManager.Auto, installPackages: false));
        Assert.Equal(
            "it lacks mariadbd, mariadb-install-db, mbstream: install with 'apt-get install mariadb-server mariadb-backup'",
            Assert.Single(facts.Problems(Server(Component("web", 8081), Component("db", 3306)), s_now, firewall: true, ServiceManager.Auto, installPackages: false)));
        Assert.Contains("mariadb-backup", HostFacts.Script, StringComparison.Ordinal);
    }

    [Fact]
    public void Etcds_server_is_needed_only_where_an_etcd_member_runs()
    {
        var facts = HostFacts.Parse(s_debian.Replace("missing=", "missing= etcd", StringComparison.Ordinal));

        Assert.Empty(facts.Problems(Server(Component("db", 3306)), s_now, firewall: true, ServiceManager.Auto, installPackages: false));
        Assert.Equal("it lacks etcd: install with 'apt-get install etcd-server'",
            Assert.Single(facts.Problems(Server(Component("etcd", 2379)), s_now, firewall: true, ServiceManager.Auto, installPackages: false)));
    }

    [Fact]
    public void A_host_that_is_not_linux_says_so()
    {
        var facts = HostFacts.Parse(s_debian.Replace("system=Linux", "system=FreeBSD", StringComparison.Ordinal));

        Assert.Equal("it runs FreeBSD, and WebInfra runs on Linux only", Assert.Single(facts.Problems(Server(), s_now, firewall: false, ServiceManager.Auto, installPackages: true)));
    }

    [Fact]
    public void A_port_taken_by_another_user_is_a_problem_even_for_a_program_named_like_webinfras()
    {
        var facts = HostFacts.Parse(s_debian.Replace("uid:999", "uid:1000", StringComparison.Ordinal));

        Assert.Equal("port 8081, which server-1/app needs, is taken by webinfra: stop it, or give server-1/app another port", Assert.Single(facts.Problems(Server(Component("app", 8081)), s_now, firewall: false, ServiceManager.Auto, installPackages: true)));
    }

    [Fact]
    public void A_clock_behind_by_less_than_the_limit_is_no_problem_and_one_behind_by_more_is()
    {
        Assert.Empty(HostFacts.Parse(s_debian.Replace("clock=1796000000.250000000", "clock=1795999998.500000000", StringComparison.Ordinal)).Problems(Server(), s_now, firewall: false, ServiceManager.Auto, installPackages: true));
        Assert.Equal("its clock is 3.0 s behind this machine's: keep it in time with chrony or systemd-timesyncd",
            Assert.Single(HostFacts.Parse(s_debian.Replace("clock=1796000000.250000000", "clock=1795999997", StringComparison.Ordinal)).Problems(Server(), s_now, firewall: false, ServiceManager.Auto, installPackages: true)));
    }

    [Fact]
    public void A_host_without_nft_is_a_problem_only_when_the_firewall_is_on()
    {
        var facts = HostFacts.Parse(s_debian.Replace("nft=yes", "nft=no", StringComparison.Ordinal));

        Assert.Empty(facts.Problems(Server(), s_now, firewall: false, ServiceManager.Auto, installPackages: false));
        Assert.Equal("the firewall is on, and it lacks nftables' nft to load it with: install with 'apt-get install nftables'", Assert.Single(facts.Problems(Server(), s_now, firewall: true, ServiceManager.Auto, installPackages: false)));
    }

    [Fact]
    public void A_host_systemd_does_not_run_is_a_problem_only_when_the_topology_asks_for_systemd()
    {
        var facts = HostFacts.Parse(s_debian.Replace("systemd=yes", "systemd=no", StringComparison.Ordinal));

        Assert.Empty(facts.Problems(Server(), s_now, firewall: false, ServiceManager.Auto, installPackages: true));
        Assert.Empty(facts.Problems(Server(), s_now, firewall: false, ServiceManager.Processes, installPackages: true));
        Assert.Equal(
            "systemd does not run it, and 'service_manager: systemd' asks for its units: write 'service_manager: auto' (or processes) in the ssh section to run its components as processes",
            Assert.Single(facts.Problems(Server(), s_now, firewall: false, ServiceManager.Systemd, installPackages: true)));
        Assert.Empty(HostFacts.Parse(s_debian).Problems(Server(), s_now, firewall: false, ServiceManager.Systemd, installPackages: true));
    }

    [Fact]
    public void What_a_host_lacks_is_no_problem_where_its_apt_get_installs_it_and_names_debians_packages()
    {
        var facts = HostFacts.Parse(s_debian.Replace("missing=", "missing= etcd mariadbd mbstream ss", StringComparison.Ordinal).Replace("nft=yes", "nft=no", StringComparison.Ordinal));
        var server = Server(Component("db", 3306), Component("etcd", 2379));

        Assert.Empty(facts.Problems(server, s_now, firewall: true, ServiceManager.Auto, installPackages: true));
        Assert.Equal(["iproute2", "mariadb-server", "mariadb-backup", "etcd-server", "nftables"], facts.MissingPackages(server, firewall: true));
        Assert.Equal(["iproute2"], facts.MissingPackages(Server(Component("web", 8081)), firewall: false));
        Assert.Empty(HostFacts.Parse(s_debian).MissingPackages(server, firewall: true));
    }

    [Fact]
    public void A_host_without_apt_get_that_lacks_a_tool_is_a_problem_naming_debians_packages()
    {
        var facts = HostFacts.Parse(s_debian.Replace("missing=", "missing= etcd", StringComparison.Ordinal).Replace("apt=yes", "apt=no", StringComparison.Ordinal)
            .Replace("nft=yes", "nft=no", StringComparison.Ordinal));

        Assert.False(facts.AptGet);
        Assert.Empty(facts.Problems(Server(Component("web", 8081)), s_now, firewall: false, ServiceManager.Auto, installPackages: true));
        Assert.Equal("it lacks etcd, nft, and has no apt-get to install etcd-server nftables (Debian's names) with: install them with its own package manager",
            Assert.Single(facts.Problems(Server(Component("etcd", 2379)), s_now, firewall: true, ServiceManager.Auto, installPackages: true)));
    }
}

using Microsoft.Extensions.Logging.Abstractions;
using WebInfra.Database.Failover;
using WebInfra.Database.Provisioning;
using WebInfra.Topology.Model;

namespace WebInfra.Database.Tests.Provisioning;

public class MariaDbProvisionerCommandLineTests
{
    private static readonly MariaDbInstallation s_installation = new("/usr/sbin/mariadbd", "/usr/bin/mariadb-install-db");

    private static MariaDbCommandLine Build(DatabaseNode node, bool runningAsRoot = false, ReplicationMode replication = ReplicationMode.SemiSync) =>
        new MariaDbProvisioner(NullLogger.Instance, new LocalNodeHost(runningAsRoot, s_installation)).BuildCommandLine(node, replication);

    [Fact]
    public void No_defaults_comes_first_so_no_option_file_is_read()
    {
        var commandLine = Build(TestNodes.Primary());

        Assert.Equal("/usr/sbin/mariadbd", commandLine.FileName);
        Assert.Equal("--no-defaults", commandLine.Arguments[0]);
    }

    [Fact]
    public void Replica_is_started_read_only()
    {
        Assert.Contains("--read-only", Build(TestNodes.Replica()).Arguments);
    }

    [Fact]
    public void Primary_is_started_read_only_too_so_a_restarted_primary_never_takes_writes_on_its_own()
    {
        Assert.Contains("--read-only", Build(TestNodes.Primary()).Arguments);
    }

    [Fact]
    public void A_node_recovers_from_a_crash_as_a_replica_so_unacknowledged_transactions_are_cut_unless_it_stays_primary()
    {
        Assert.Contains("--init-rpl-role=SLAVE", Build(TestNodes.Primary()).Arguments);
        var provisioner = new MariaDbProvisioner(NullLogger.Instance, new LocalNodeHost(runsAsRoot: false, s_installation));
        var arguments = provisioner.BuildCommandLine(TestNodes.Primary(), recoverAsPrimary: true).Arguments;
        Assert.Contains("--init-rpl-role=MASTER", arguments);
        Assert.DoesNotContain("--init-rpl-role=SLAVE", arguments);
    }

    [Fact]
    public void Only_a_primary_nothing_can_replace_recovers_as_primary()
    {
        var primary = TestNodes.Primary();
        var replica = TestNodes.Replica();

        // Without a monitor, the topology's primary is made writable again whatever it holds.
        Assert.True(MariaDbProvisioner.RecoversAsPrimary(primary, monitored: false, agreed: null));
        Assert.False(MariaDbProvisioner.RecoversAsPrimary(replica, monitored: false, agreed: null));

        // With one, only the agreed primary while it runs degraded: no replica is promoted while it is down.
        Assert.True(MariaDbProvisioner.RecoversAsPrimary(replica, monitored: true, new PrimaryEpoch(replica.Name, 4, Degraded: true)));
        Assert.False(MariaDbProvisioner.RecoversAsPrimary(replica, monitored: true, new PrimaryEpoch(replica.Name, 4)));
        Assert.False(MariaDbProvisioner.RecoversAsPrimary(primary, monitored: true, new PrimaryEpoch(replica.Name, 4, Degraded: true)));
        Assert.False(MariaDbProvisioner.RecoversAsPrimary(primary, monitored: true, agreed: null));
    }

    [Fact]
    public void Semi_sync_is_lossless_with_the_slave_side_on_and_the_master_side_left_for_the_primary()
    {
        var arguments = Build(TestNodes.Replica()).Arguments;

        Assert.Contains("--rpl-semi-sync-master-enabled=OFF", arguments);
        Assert.Contains("--rpl-semi-sync-slave-enabled=ON", arguments);
        Assert.Contains("--rpl-semi-sync-master-wait-point=AFTER_SYNC", arguments);
        Assert.Contains("--rpl-semi-sync-slave-kill-conn-timeout=1", arguments);
        Assert.Contains("--rpl-semi-sync-master-timeout=1000", arguments);
        Assert.Contains("--event-scheduler=ON", arguments);
    }

    [Fact]
    public void With_a_lease_semi_sync_waits_longer_than_the_lease_and_its_fence_before_falling_back()
    {
        var node = TestNodes.Replica();
        var provisioner = new MariaDbProvisioner(NullLogger.Instance, new LocalNodeHost(runsAsRoot: false, s_installation));

        Assert.Contains("--rpl-semi-sync-master-timeout=10000", provisioner.BuildCommandLine(node, ReplicationMode.SemiSync, FencingMode.Lease, TimeSpan.FromMilliseconds(1500)).Arguments);
        Assert.Contains("--rpl-semi-sync-master-timeout=14000", provisioner.BuildCommandLine(node, ReplicationMode.SemiSync, FencingMode.Lease, TimeSpan.FromSeconds(6)).Arguments);
    }

    [Fact]
    public void Node_with_certificates_serves_tls_with_them_and_requires_it()
    {
        var arguments = Build(TestNodes.WithTls(TestNodes.Primary())).Arguments;

        Assert.Contains("--ssl-ca=/srv/state/tls/internal/ca.pem", arguments);
        Assert.Contains("--ssl-cert=/srv/state/tls/internal/server-1.pem", arguments);
        Assert.Contains("--ssl-key=/srv/state/tls/internal/server-1.key", arguments);
        Assert.Contains("--tls-version=TLSv1.2,TLSv1.3", arguments);
        Assert.Contains("--require-secure-transport=ON", arguments);
    }

    [Fact]
    public void Node_without_certificates_has_no_tls_options()
    {
        Assert.DoesNotContain(Build(TestNodes.Primary()).Arguments, argument => argument.Contains("ssl", StringComparison.Ordinal) || argument.Contains("secure-transport", StringComparison.Ordinal));
    }

    [Fact]
    public void Async_replication_turns_semi_sync_off()
    {
        var arguments = Build(TestNodes.Primary(), replication: ReplicationMode.Async).Arguments;

        Assert.Contains("--rpl-semi-sync-master-enabled=OFF", arguments);
        Assert.Contains("--rpl-semi-sync-slave-enabled=OFF", arguments);
        Assert.DoesNotContain(arguments, argument => argument.Contains("wait-point", StringComparison.Ordinal));
    }

    [Fact]
    public void Node_listens_on_its_own_address_port_and_server_id()
    {
        var arguments = Build(TestNodes.Replica());

        Assert.Contains("--bind-address=127.0.1.2", arguments.Arguments);
        Assert.Contains("--port=3306", arguments.Arguments);
        Assert.Contains("--server-id=2", arguments.Arguments);
        Assert.Contains("--datadir=/var/lib/webinfra/server-2/db", arguments.Arguments);
    }

    [Fact]
    public void Every_node_logs_gtids_durably_for_replication_and_promotion()
    {
        var arguments = Build(TestNodes.Replica()).Arguments;

        Assert.Contains("--log-bin=mariadb-bin", arguments);
        Assert.Contains("--relay-log=relay-bin", arguments);
        Assert.Contains("--log-slave-updates", arguments);
        Assert.Contains("--binlog-format=ROW", arguments);
        Assert.Contains("--gtid-strict-mode=1", arguments);
        Assert.Contains("--sync-binlog=1", arguments);
        Assert.Contains("--innodb-flush-log-at-trx-commit=1", arguments);
    }

    [Fact]
    public void Init_file_pid_file_and_socket_are_in_the_data_directory()
    {
        var arguments = Build(TestNodes.Primary("/srv/db")).Arguments;

        Assert.Contains("--init-file=/srv/db/webinfra-init.sql", arguments);
        Assert.Contains("--pid-file=/srv/db/mariadbd.pid", arguments);
        Assert.Contains("--socket=/srv/db/mariadbd.sock", arguments);
    }

    [Fact]
    public void Each_node_has_its_own_temporary_directory_outside_the_data_directory()
    {
        // mariadbd deletes every #sql* file in its tmpdir at start; a shared /tmp would let nodes destroy each other's temporary tables.
        Assert.Contains("--tmpdir=/srv/db.tmp", Build(TestNodes.Primary("/srv/db")).Arguments);
        Assert.Contains("--tmpdir=/srv/db.tmp", Build(TestNodes.Primary("/srv/db/")).Arguments);
    }

    [Fact]
    public void Socket_moves_to_tmp_when_the_data_directory_path_is_too_long_for_sun_path()
    {
        var longDirectory = "/var/lib/" + new string('d', 120);

        var socket = Assert.Single(Build(TestNodes.Primary(longDirectory)).Arguments, a => a.StartsWith("--socket=", StringComparison.Ordinal))["--socket=".Length..];

        Assert.StartsWith("/tmp/webinfra-mariadbd-", socket, StringComparison.Ordinal);
        Assert.True(socket.Length <= 107, socket);
        Assert.Equal(socket, DataDirectoryLayout.Socket(longDirectory));
        Assert.NotEqual(socket, DataDirectoryLayout.Socket(longDirectory + "2"));
    }

    [Fact]
    public void Socket_path_of_exactly_107_bytes_stays_in_the_data_directory()
    {
        var directory = "/" + new string('d', 107 - "/".Length - "/mariadbd.sock".Length);

        Assert.Equal(directory + "/mariadbd.sock", DataDirectoryLayout.Socket(directory));
        Assert.StartsWith("/tmp/", DataDirectoryLayout.Socket(directory + "d"), StringComparison.Ordinal);
    }

    [Fact]
    public void Runs_as_root_only_when_started_by_root()
    {
        Assert.Contains("--user=root", Build(TestNodes.Primary(), runningAsRoot: true).Arguments);
        Assert.DoesNotContain(Build(TestNodes.Primary(), runningAsRoot: false).Arguments, a => a.StartsWith("--user", StringComparison.Ordinal));
    }

    [Fact]
    public void Errors_go_to_stderr_for_the_supervisor_to_capture()
    {
        Assert.DoesNotContain(Build(TestNodes.Primary()).Arguments, a => a.StartsWith("--log-error", StringComparison.Ordinal));
    }

    [Fact]
    public void Invalid_node_is_rejected_with_every_problem_named()
    {
        var node = new DatabaseNode("server-1/db", "localhost", 0, "relative/dir", 0, DatabaseRole.Primary);

        var exception = Assert.Throws<ArgumentException>(() => Build(node));

        Assert.Contains("server-1/db", exception.Message, StringComparison.Ordinal);
        Assert.Contains("'localhost' is not an IP address", exception.Message, StringComparison.Ordinal);
        Assert.Contains("port 0", exception.Message, StringComparison.Ordinal);
        Assert.Contains("'relative/dir' is not an absolute path", exception.Message, StringComparison.Ordinal);
        Assert.Contains("server id 0", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Command_line_prints_as_a_pasteable_shell_command()
    {
        var commandLine = new MariaDbCommandLine("/usr/sbin/mariadbd", ["--no-defaults", "--datadir=/srv/my db"]);

        Assert.Equal("/usr/sbin/mariadbd --no-defaults '--datadir=/srv/my db'", commandLine.ToString());
    }
}

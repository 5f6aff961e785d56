using WebInfra.Database.Provisioning;

namespace WebInfra.Database.Tests.Provisioning;

public class MariaDbInitFileTests
{
    private static string[] Lines() => MariaDbInitFile.Build(TestNodes.Secrets, "site").Split('\n', StringSplitOptions.RemoveEmptyEntries);

    [Fact]
    public void Binary_logging_is_switched_off_before_any_account_change()
    {
        Assert.Equal("SET sql_log_bin=0;", Lines()[0]);
    }

    [Fact]
    public void App_user_gets_row_access_to_the_site_database_and_may_only_read_replication_state()
    {
        var grants = Lines().Where(l => l.StartsWith("GRANT", StringComparison.Ordinal) && l.Contains("'foobar_app'", StringComparison.Ordinal));

        Assert.Equal(
            ["GRANT SELECT, INSERT, UPDATE, DELETE ON `site`.* TO 'foobar_app'@'%';", "GRANT SLAVE MONITOR ON *.* TO 'foobar_app'@'%';"],
            grants);
    }

    [Theory]
    [InlineData("CREATE")]
    [InlineData("ALTER")]
    [InlineData("DROP")]
    [InlineData("INDEX")]
    [InlineData("ALL")]
    public void App_user_lacks_schema_privileges(string privilege)
    {
        var grants = Lines().Where(l => l.StartsWith("GRANT", StringComparison.Ordinal) && l.Contains("'foobar_app'", StringComparison.Ordinal));

        Assert.All(grants, grant => Assert.DoesNotContain(privilege, grant.Split(" ON ")[0], StringComparison.Ordinal));
    }

    [Fact]
    public void App_and_replication_grants_are_reset_before_granting_so_they_converge()
    {
        var lines = Lines();

        Assert.True(Array.IndexOf(lines, "REVOKE ALL PRIVILEGES, GRANT OPTION FROM 'foobar_app'@'%';") < Array.FindIndex(lines, l => l.StartsWith("GRANT SELECT", StringComparison.Ordinal)));
        Assert.Contains("REVOKE ALL PRIVILEGES, GRANT OPTION FROM 'webinfra_repl'@'%';", lines);
    }

    [Fact]
    public void Admin_has_all_privileges_with_grant_option()
    {
        Assert.Contains("GRANT ALL PRIVILEGES ON *.* TO 'webinfra_admin'@'%' WITH GRANT OPTION;", Lines());
    }

    [Fact]
    public void Replication_user_can_replicate_and_monitor()
    {
        Assert.Contains("GRANT REPLICATION SLAVE, BINLOG MONITOR, SLAVE MONITOR ON *.* TO 'webinfra_repl'@'%';", Lines());
    }

    [Fact]
    public void Accounts_are_created_idempotently_and_passwords_reset_every_start()
    {
        var lines = Lines();

        Assert.Contains("CREATE USER IF NOT EXISTS 'foobar_app'@'%' IDENTIFIED BY 'appPw2';", lines);
        Assert.Contains("ALTER USER 'foobar_app'@'%' IDENTIFIED BY 'appPw2';", lines);
        // The administrator twice: from anywhere, and on the node's own socket.
        Assert.Equal(4, lines.Count(l => l.StartsWith("CREATE USER IF NOT EXISTS", StringComparison.Ordinal)));
        Assert.Contains("CREATE USER IF NOT EXISTS 'webinfra_admin'@'localhost' IDENTIFIED BY 'adminPw1';", lines);
        Assert.DoesNotContain(lines, l => l.StartsWith("CREATE USER '", StringComparison.Ordinal));
    }

    [Fact]
    public void Quotes_and_backslashes_in_passwords_cannot_end_the_literal()
    {
        var secrets = TestNodes.Secrets with { AppPassword = @"a'b\c" };

        Assert.Contains(@"IDENTIFIED BY 'a''b\\c';", MariaDbInitFile.Build(secrets, "site"), StringComparison.Ordinal);
    }

    [Fact]
    public void Database_name_outside_letters_digits_and_underscores_is_rejected()
    {
        Assert.Throws<ArgumentException>(() => MariaDbInitFile.Build(TestNodes.Secrets, "site`; DROP"));
    }

    [Fact]
    public void Each_account_is_created_at_every_host_it_is_granted_to()
    {
        var hosts = new DatabaseAccountHosts(["10.0.0.1", "10.0.0.2"], ["10.0.0.3"], ["10.0.0.10"]);

        var lines = MariaDbInitFile.Build(TestNodes.Secrets, "site", hosts).Split('\n');

        Assert.Contains("GRANT SELECT, INSERT, UPDATE, DELETE ON `site`.* TO 'foobar_app'@'10.0.0.1';", lines);
        Assert.Contains("GRANT SELECT, INSERT, UPDATE, DELETE ON `site`.* TO 'foobar_app'@'10.0.0.2';", lines);
        Assert.Contains("GRANT REPLICATION SLAVE, BINLOG MONITOR, SLAVE MONITOR ON *.* TO 'webinfra_repl'@'10.0.0.3';", lines);
        Assert.DoesNotContain(lines, l => l.Contains("'foobar_app'@'%'", StringComparison.Ordinal));
    }

    [Fact]
    public void Accounts_at_hosts_no_longer_allowed_are_removed_before_the_accounts_are_made()
    {
        var hosts = new DatabaseAccountHosts(["10.0.0.1"], ["10.0.0.3", "10.0.0.4"], ["10.0.0.10"]);

        var lines = MariaDbInitFile.Build(TestNodes.Secrets, "site", hosts).Split('\n');
        var flush = Array.IndexOf(lines, "FLUSH PRIVILEGES;");

        Assert.Contains("DELETE FROM mysql.global_priv WHERE User = 'foobar_app' AND Host NOT IN ('10.0.0.1');", lines[..flush]);
        Assert.Contains("DELETE FROM mysql.db WHERE User = 'foobar_app' AND Host NOT IN ('10.0.0.1');", lines[..flush]);
        Assert.Contains("DELETE FROM mysql.global_priv WHERE User = 'webinfra_repl' AND Host NOT IN ('10.0.0.3', '10.0.0.4');", lines[..flush]);
        Assert.True(flush < Array.FindIndex(lines, l => l.StartsWith("CREATE USER", StringComparison.Ordinal)));
    }
}

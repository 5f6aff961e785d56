using System.Globalization;
using MySqlConnector;
using WebInfra.FunctionalTests.Infrastructure;

namespace WebInfra.FunctionalTests.Security;

/// <summary>
/// <c>database.tls</c>, checked on the real nodes: sessions are encrypted with the internal certificates (which are
/// ECDSA, served by Debian's OpenSSL-built mariadbd), a client without TLS is turned away, and the replica replicates
/// over TLS that verifies the primary's certificate.
/// </summary>
[Collection(EncryptedSiteFixture.Collection)]
public sealed class DatabaseTlsTests(EncryptedSiteFixture fixture)
{
    [Theory]
    [InlineData("server-1/db", "app")]
    [InlineData("server-2/db", "app")]
    [InlineData("server-1/db", "admin")]
    public async Task Session_built_as_webinfra_builds_it_is_encrypted(string node, string user)
    {
        await using var connection = fixture.Site.Database(node, user);
        await connection.OpenAsync();

        Assert.NotEqual(string.Empty, await StatusAsync(connection, "SHOW SESSION STATUS LIKE 'Ssl_cipher'"));
        Assert.StartsWith("TLSv1.", await StatusAsync(connection, "SHOW SESSION STATUS LIKE 'Ssl_version'"), StringComparison.Ordinal);
        Assert.StartsWith("OpenSSL", await StatusAsync(connection, "SHOW GLOBAL VARIABLES LIKE 'version_ssl_library'"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Webinfra_sql_session_is_encrypted()
    {
        var result = await fixture.Site.RunAsync("sql", "server-1/db", "SHOW SESSION STATUS LIKE 'Ssl_cipher'", "--batch");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Matches(@"^Ssl_cipher\t\S+", result.Output);
    }

    [Theory]
    [InlineData("server-1/db")]
    [InlineData("server-2/db")]
    public async Task Connection_without_tls_is_refused_where_the_same_account_with_tls_gets_in(string node)
    {
        await using var encrypted = fixture.Site.Database(node, "app");
        await encrypted.OpenAsync();
        await using var plain = fixture.Site.Database(node, "app", MySqlSslMode.None);

        // MariaDB 10.11 answers an insecure connection under require_secure_transport with "access denied", as it does a
        // wrong password; the same account and password just got in over TLS, so the transport is what it refused.
        var refused = await Assert.ThrowsAsync<MySqlException>(() => plain.OpenAsync());

        Assert.Equal(MySqlErrorCode.AccessDenied, refused.ErrorCode);
        Assert.Equal("ON", await StatusAsync(encrypted, "SHOW GLOBAL VARIABLES LIKE 'require_secure_transport'"));
    }

    [Fact]
    public async Task Replica_replicates_a_write_over_tls_that_verifies_the_primary()
    {
        await using var primary = fixture.Site.Database("server-1/db", "admin");
        await using var replica = fixture.Site.Database("server-2/db", "admin");
        await primary.OpenAsync();
        await replica.OpenAsync();
        var note = Guid.NewGuid().ToString("N");

        await ExecuteAsync(primary, "CREATE TABLE IF NOT EXISTS foobar.tls_check (note CHAR(32) PRIMARY KEY)");
        await ExecuteAsync(primary, $"INSERT INTO foobar.tls_check (note) VALUES ('{note}')");

        await TestSite.EventuallyAsync(async () =>
        {
            await using var command = new MySqlCommand($"SELECT COUNT(*) FROM foobar.tls_check WHERE note = '{note}'", replica);
            return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture) == 1;
        }, TimeSpan.FromSeconds(10), "the replica has the primary's write");
        var status = await TestSite.SlaveStatusAsync(replica);
        Assert.Equal(("Yes", "Yes", "Yes", "Yes"), (status["Master_SSL_Allowed"], status["Master_SSL_Verify_Server_Cert"], status["Slave_IO_Running"], status["Slave_SQL_Running"]));
        Assert.Equal(fixture.AuthorityPath, status["Master_SSL_CA_File"]);
    }

    private static async Task<string> StatusAsync(MySqlConnection connection, string sql)
    {
        await using var command = new MySqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync(), $"no row for {sql}");
        return reader.GetString(1);
    }

    private static async Task ExecuteAsync(MySqlConnection connection, string sql)
    {
        await using var command = new MySqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}

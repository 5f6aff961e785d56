using MySqlConnector;
using WebInfra.Database.Connections;
using WebInfra.Database.Tests.Provisioning;

namespace WebInfra.Database.Tests.Connections;

public class DatabaseConnectionStringsTests
{
    [Fact]
    public void Application_connection_string_targets_the_node_over_tcp_with_pooling()
    {
        var builder = new MySqlConnectionStringBuilder(DatabaseConnectionStrings.For(TestNodes.Replica(), "foobar_app", "pw", "site", pooling: true));

        Assert.Equal("127.0.1.2", builder.Server);
        Assert.Equal(3306u, builder.Port);
        Assert.Equal(MySqlConnectionProtocol.Sockets, builder.ConnectionProtocol);
        Assert.Equal(("foobar_app", "pw", "site"), (builder.UserID, builder.Password, builder.Database));
        Assert.True(builder.Pooling);
    }

    [Fact]
    public void Dead_node_is_noticed_within_seconds()
    {
        var builder = new MySqlConnectionStringBuilder(DatabaseConnectionStrings.For(TestNodes.Primary(), "u", "p", database: null, pooling: false));

        Assert.Equal(3u, builder.ConnectionTimeout);
        Assert.False(builder.Pooling);
        Assert.Equal(string.Empty, builder.Database);
    }

    [Fact]
    public void Node_with_tls_is_verified_against_the_internal_ca()
    {
        var builder = DatabaseConnectionStrings.ForAdmin(TestNodes.WithTls(TestNodes.Primary()), TestNodes.Secrets);

        Assert.Equal(MySqlSslMode.VerifyCA, builder.SslMode);
        Assert.Equal("/srv/state/tls/internal/ca.pem", builder.SslCa);
    }

    [Fact]
    public void Node_without_tls_is_reached_without_it_rather_than_with_an_unverified_one()
    {
        var builder = new MySqlConnectionStringBuilder(DatabaseConnectionStrings.For(TestNodes.Replica(), "foobar_app", "pw", "site", pooling: true));

        Assert.Equal(MySqlSslMode.None, builder.SslMode);
        Assert.Equal(string.Empty, builder.SslCa);
    }

    [Fact]
    public void Admin_connections_use_the_admin_account_unpooled()
    {
        var builder = DatabaseConnectionStrings.ForAdmin(TestNodes.Primary(), TestNodes.Secrets);

        Assert.Equal(("webinfra_admin", "adminPw1"), (builder.UserID, builder.Password));
        Assert.False(builder.Pooling);
    }
}

using WebInfra.Database.Replication;
using WebInfra.Database.Tests.Provisioning;

namespace WebInfra.Database.Tests.Replication;

public sealed class ChangeMasterStatementTests
{
    [Fact]
    public void Replica_of_a_tls_primary_uses_tls_with_the_ca_where_the_replicas_server_keeps_it_and_verifies_the_primary_s_certificate()
    {
        var statement = ChangeMasterStatement.For(TestNodes.WithTls(TestNodes.Primary()), TestNodes.Secrets, "/var/lib/webinfra/state/tls/internal/ca.pem");

        Assert.Contains("MASTER_HOST = '127.0.1.1',", statement, StringComparison.Ordinal);
        Assert.Contains("MASTER_SSL = 1,", statement, StringComparison.Ordinal);
        Assert.Contains("MASTER_SSL_CA = '/var/lib/webinfra/state/tls/internal/ca.pem',", statement, StringComparison.Ordinal);
        Assert.EndsWith("MASTER_SSL_VERIFY_SERVER_CERT = 1", statement, StringComparison.Ordinal);
    }

    [Fact]
    public void Replica_of_a_plain_primary_turns_tls_off_explicitly()
    {
        var statement = ChangeMasterStatement.For(TestNodes.Primary(), TestNodes.Secrets, authorityOnReplica: null);

        Assert.Contains("MASTER_HEARTBEAT_PERIOD = 1,", statement, StringComparison.Ordinal);
        Assert.Contains("MASTER_SSL = 0,", statement, StringComparison.Ordinal);
        Assert.EndsWith("MASTER_SSL_VERIFY_SERVER_CERT = 0", statement, StringComparison.Ordinal);
        Assert.DoesNotContain("MASTER_SSL_CA", statement, StringComparison.Ordinal);
    }
}

using WebInfra.Database.Provisioning;
using WebInfra.Hosting.Tls;

namespace WebInfra.Database.Tests.Provisioning;

internal static class TestNodes
{
    public static DatabaseNode Primary(string dataDirectory = "/var/lib/webinfra/server-1/db") =>
        new("server-1/db", "127.0.1.1", 3306, dataDirectory, 1, DatabaseRole.Primary);

    public static DatabaseNode Replica(string dataDirectory = "/var/lib/webinfra/server-2/db") =>
        new("server-2/db", "127.0.1.2", 3306, dataDirectory, 2, DatabaseRole.Replica);

    /// <summary><paramref name="node"/> with the internal certificate files of its server, as under <c>database.tls</c>.</summary>
    public static DatabaseNode WithTls(DatabaseNode node) => node with
    {
        Tls = new ServerCertificateFiles("/srv/state/tls/internal/ca.pem", "/srv/state/tls/internal/server-1.pem", "/srv/state/tls/internal/server-1.key"),
    };

    public static readonly DatabaseSecrets Secrets = new("webinfra_admin", "adminPw1", "foobar_app", "appPw2", "webinfra_repl", "replPw3");
}

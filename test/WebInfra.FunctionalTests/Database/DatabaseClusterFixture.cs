using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using MySqlConnector;
using WebInfra.Database.Connections;
using WebInfra.Database.Provisioning;
using WebInfra.Database.Replication;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace WebInfra.FunctionalTests.Database;

/// <summary>
/// A real primary and replica, made once for the test class the way the CLI makes them: provisioned by
/// <see cref="MariaDbProvisioner"/>, started from its command lines, then wired by <see cref="ClusterBootstrapper"/>.
/// Both run on loopback addresses of their own in a temporary directory; disposing kills them and deletes it.
/// </summary>
public sealed class DatabaseClusterFixture : IAsyncLifetime
{
    public const string DatabaseName = "webinfra_test";

    public static readonly IReadOnlyList<string> Schema =
    [
        "CREATE TABLE IF NOT EXISTS messages (id BIGINT AUTO_INCREMENT PRIMARY KEY, body VARCHAR(200) NOT NULL, created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)) ENGINE=InnoDB",
    ];

    private static readonly TimeSpan s_startTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan s_addressLockTimeout = TimeSpan.FromMinutes(5);

    private readonly IMessageSink _diagnostics;
    private readonly string _directory = Directory.CreateTempSubdirectory("webinfra-db-functional-").FullName;
    private readonly List<MariaDbProcess> _servers = [];
    private readonly MariaDbProvisioner _provisioner = new(NullLoggerFactory.Instance);
    private FileStream? _addressLock;

    public DatabaseClusterFixture(IMessageSink diagnostics)
    {
        _diagnostics = diagnostics;
        Secrets = DatabaseSecrets.LoadOrCreate(Path.Combine(_directory, "secrets.json"));
        Bootstrapper = new ClusterBootstrapper(Secrets, NullLoggerFactory.Instance);
        Primary = new DatabaseNode("server-1/db", "127.0.2.201", 13306, Path.Combine(_directory, "server-1", "db"), 1, DatabaseRole.Primary);
        Replica = new DatabaseNode("server-2/db", "127.0.2.202", 13306, Path.Combine(_directory, "server-2", "db"), 2, DatabaseRole.Replica);
    }

    public DatabaseSecrets Secrets { get; }

    public ClusterBootstrapper Bootstrapper { get; }

    public DatabaseNode Primary { get; }

    public DatabaseNode Replica { get; }

    public async Task InitializeAsync()
    {
        try
        {
            await StartClusterAsync();
        }
        catch
        {
            await DisposeAsync();
            throw;
        }
    }

    public async Task DisposeAsync()
    {
        foreach (var server in _servers)
        {
            await server.DisposeAsync();
        }

        _servers.Clear();
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }

        if (_addressLock is not null)
        {
            await _addressLock.DisposeAsync();
            _addressLock = null;
        }
    }

    public Task<MySqlConnection> OpenAsAppAsync(DatabaseNode node) => OpenAsync(node, Secrets.AppUser, Secrets.AppPassword);

    public Task<MySqlConnection> OpenAsAdminAsync(DatabaseNode node) => OpenAsync(node, Secrets.AdminUser, Secrets.AdminPassword);

    /// <summary>Kills the replica's mariadbd (no clean shutdown) and starts it again from the same command line.</summary>
    public async Task RestartReplicaAsync()
    {
        var old = _servers.Single(s => s.Node == Replica);
        await old.DisposeAsync();
        _servers.Remove(old);
        await StartAsync(Replica);
    }

    private static async Task<MySqlConnection> OpenAsync(DatabaseNode node, string user, string password)
    {
        var connection = new MySqlConnection(DatabaseConnectionStrings.For(node, user, password, DatabaseName, pooling: false));
        await connection.OpenAsync();
        return connection;
    }

    // The addresses are fixed, and several people (and CI) run the functional tests on one machine: a second run
    // waits here for the first to finish instead of failing with "Address already in use". The kernel drops the
    // lock when its holder exits, however it exits.
    private static async Task<FileStream> LockAddressesAsync()
    {
        var path = Path.Combine("/tmp", "webinfra-db-functional-127.0.2.201-202.lock");
        var deadline = DateTime.UtcNow + s_addressLockTimeout;
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(500));
            }
        }
    }

    private async Task StartClusterAsync()
    {
        _addressLock = await LockAddressesAsync();
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(
            _provisioner.InstallAsync(Primary, Secrets, DatabaseName, DatabaseAccountHosts.Anywhere, CancellationToken.None),
            _provisioner.InstallAsync(Replica, Secrets, DatabaseName, DatabaseAccountHosts.Anywhere, CancellationToken.None));
        var installed = watch.Elapsed;

        await Task.WhenAll(StartAsync(Primary), StartAsync(Replica));
        var started = watch.Elapsed;

        await Bootstrapper.StartReplicationAsync(Replica, Primary, CancellationToken.None);
        await Bootstrapper.EnsureSchemaAsync(Primary, DatabaseName, Schema, CancellationToken.None);
        await Bootstrapper.MakeWritableAsync(Primary, CancellationToken.None);
        await WaitUntilReplicaHasTheSchemaAsync();
        _diagnostics.OnMessage(new DiagnosticMessage(
            $"Database cluster: installed both nodes in {installed.TotalSeconds:0.00} s, started them in {(started - installed).TotalSeconds:0.00} s, "
            + $"replicating after {watch.Elapsed.TotalSeconds:0.00} s"));
    }

    // Replication starts before the schema is created (so semi-sync acknowledges it at once); the tests read the
    // schema on the replica, so the fixture is ready only once the replica has applied everything of the primary.
    private async Task WaitUntilReplicaHasTheSchemaAsync()
    {
        var primary = await Bootstrapper.GetGtidPositionAsync(Primary, CancellationToken.None);
        var deadline = DateTime.UtcNow + s_startTimeout;
        while (await Bootstrapper.GetGtidPositionAsync(Replica, CancellationToken.None) != primary)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"the replica did not reach the primary's GTID {primary} within {s_startTimeout.TotalSeconds} s");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50));
        }
    }

    private async Task StartAsync(DatabaseNode node)
    {
        var server = MariaDbProcess.Start(node, _provisioner.BuildCommandLine(node));
        _servers.Add(server);
        await server.WaitUntilReadyAsync(Bootstrapper, s_startTimeout);
    }
}

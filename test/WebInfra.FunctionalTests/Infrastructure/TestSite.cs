using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using MySqlConnector;
using WebInfra.Database.Connections;
using WebInfra.Database.Provisioning;
using WebInfra.Hosting.Administration;
using WebInfra.Hosts.Namespaces;
using WebInfra.Topology.Loading;

namespace WebInfra.FunctionalTests.Infrastructure;

/// <summary>
/// A whole site brought up with <c>webinfra up</c> from a topology written for the test, on loopback addresses
/// of its own and with its own run-state folder, so it never meets a site a developer is running. Disposing it
/// runs <c>webinfra down --purge</c>.
/// </summary>
internal sealed class TestSite : IAsyncDisposable
{
    private readonly string _directory;

    private TestSite(string directory, string topologyPath)
    {
        _directory = directory;
        TopologyPath = topologyPath;
        Http = new HttpClient(new SocketsHttpHandler { UseProxy = false, PooledConnectionLifetime = TimeSpan.Zero })
        {
            Timeout = TimeSpan.FromSeconds(10),
        };
    }

    public string TopologyPath { get; }

    public string StateDirectory => Path.Combine(_directory, "state");

    public HttpClient Http { get; }

    public Uri Url { get; private set; } = null!;

    /// <summary>Writes <paramref name="topologyYaml"/> (with <c>{site}</c> standing for the site's files folder) and brings it up.</summary>
    public static async Task<TestSite> StartAsync(string topologyYaml)
    {
        var directory = Directory.CreateTempSubdirectory("webinfra-site-").FullName;
        var topologyPath = Path.Combine(directory, "topology.yaml");
        await File.WriteAllTextAsync(topologyPath, topologyYaml.Replace("{site}", Repository.SiteFiles, StringComparison.Ordinal));
        return await UpAsync(directory, topologyPath);
    }

    /// <summary>
    /// Writes <paramref name="topologyYaml"/> and runs <c>up</c>, which dies (SIGKILL, as a lost connection or a closed
    /// terminal ends it) as soon as it prints a line containing <paramref name="cutAfter"/>; then brings it up again,
    /// which must finish the work. The first run's output, then the site.
    /// </summary>
    public static async Task<(string CutShort, TestSite Site)> StartCutShortAsync(string topologyYaml, string cutAfter)
    {
        var directory = Directory.CreateTempSubdirectory("webinfra-site-").FullName;
        var topologyPath = Path.Combine(directory, "topology.yaml");
        await File.WriteAllTextAsync(topologyPath, topologyYaml.Replace("{site}", Repository.SiteFiles, StringComparison.Ordinal));
        var start = new System.Diagnostics.ProcessStartInfo(Repository.Launcher)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Repository.Root,
        };
        foreach (var argument in (string[])["up", topologyPath, "--state-dir", Path.Combine(directory, "state")])
        {
            start.ArgumentList.Add(argument);
        }

        var printed = new System.Text.StringBuilder();
        using (var up = System.Diagnostics.Process.Start(start)!)
        {
            _ = up.StandardError.ReadToEndAsync();
            using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(3));
            while (await up.StandardOutput.ReadLineAsync(deadline.Token) is { } line)
            {
                printed.AppendLine(line);
                if (line.Contains(cutAfter, StringComparison.Ordinal))
                {
                    up.Kill();
                    break;
                }
            }

            await up.WaitForExitAsync(deadline.Token);
        }

        if (!printed.ToString().Contains(cutAfter, StringComparison.Ordinal))
        {
            // What the run started goes, and its folder with it.
            await new TestSite(directory, topologyPath).DisposeAsync();
            Assert.Fail($"webinfra up ended without printing '{cutAfter}': {printed}");
        }

        return (printed.ToString(), await UpAsync(directory, topologyPath));
    }

    /// <summary>Brings up the topology file at <paramref name="topologyPath"/> as it is (a shipped example), with a run state of the test's own.</summary>
    public static Task<TestSite> StartFileAsync(string topologyPath) =>
        UpAsync(Directory.CreateTempSubdirectory("webinfra-site-").FullName, topologyPath);

    private static async Task<TestSite> UpAsync(string directory, string topologyPath)
    {
        var site = new TestSite(directory, topologyPath);
        var up = await site.RunAsync("up", topologyPath);
        if (up.ExitCode != 0)
        {
            await site.DisposeAsync();
            throw new InvalidOperationException($"webinfra up failed: {up}");
        }

        var status = await site.StatusAsync();
        site.Url = new Uri(status.RootElement.GetProperty("site").GetString()!);
        return site;
    }

    /// <summary>Runs a <c>webinfra</c> command on this site; its <c>--state-dir</c> goes before a <c>--</c> that ends the options (<c>exec SERVER -- COMMAND</c>).</summary>
    public Task<CliResult> RunAsync(params string[] arguments)
    {
        var end = Array.IndexOf(arguments, "--");
        return end < 0
            ? Cli.RunAsync([.. arguments, "--state-dir", StateDirectory])
            : Cli.RunAsync([.. arguments[..end], "--state-dir", StateDirectory, .. arguments[end..]]);
    }

    /// <summary>Runs a <c>webinfra</c> command on this site that must succeed (<c>kill server-1</c>, <c>start server-1/db</c>).</summary>
    public async Task<CliResult> RunOkAsync(params string[] arguments)
    {
        var result = await RunAsync(arguments);
        Assert.True(result.ExitCode == 0, $"webinfra {string.Join(' ', arguments)}: {result}");
        return result;
    }

    public async Task<JsonDocument> StatusAsync()
    {
        var status = await RunAsync("status", "--json");
        Assert.True(status.ExitCode == 0, status.ToString());
        return JsonDocument.Parse(status.Output);
    }

    /// <summary>
    /// Logs in to the dashboard of the monitor at <paramref name="monitor"/> (<c>host:port</c>) from the operator
    /// namespace, as a browser would with the link of <c>webinfra dashboard</c>; the curl cookie jar that holds the session.
    /// </summary>
    public async Task<string> LogInToDashboardFromOperatorAsync(string monitor)
    {
        var link = System.Text.RegularExpressions.Regex.Match((await RunOkAsync("dashboard")).Output, @"https?://\S+/login\?token=\S+").Value;
        var atMonitor = System.Text.RegularExpressions.Regex.Replace(link, "//[^/]+/", $"//{monitor}/");
        var jar = Path.Combine(StateDirectory, "dashboard.cookies");
        await RunOkAsync("exec", "operator", "--", "curl", "-s", "-m", "5", "-c", jar, "-o", "/dev/null", atMonitor);
        return jar;
    }

    /// <summary>The pid <c>status</c> shows for <paramref name="component"/>.</summary>
    public async Task<int> PidOfAsync(string component)
    {
        using var status = await StatusAsync();
        return status.RootElement.GetProperty("nodes").EnumerateArray().Single(n => n.GetProperty("name").GetString() == component).GetProperty("pid").GetInt32();
    }

    /// <summary><paramref name="member"/>'s state (UP, DOWN, DRAIN ...) as <paramref name="forwarder"/> sees it in <c>status --json</c>, or null.</summary>
    public async Task<string?> MemberStateAsync(string forwarder, string member)
    {
        using var status = await StatusAsync();
        return status.RootElement.GetProperty("backends").EnumerateArray()
            .Where(b => b.GetProperty("seen_by").GetString() == forwarder)
            .SelectMany(b => b.GetProperty("members").EnumerateArray())
            .Where(m => m.GetProperty("name").GetString() == member)
            .Select(m => m.GetProperty("state").GetString())
            .FirstOrDefault();
    }

    /// <summary>The ruleset of a namespaces site's switch, read straight from its kernel.</summary>
    public async Task<string> SwitchRulesAsync()
    {
        var result = await Cli.RunProgramAsync("ip", "netns", "exec", new SiteNetwork(StateDirectory).Switch, "nft", "list", "ruleset");
        Assert.True(result.ExitCode == 0, result.ToString());
        return result.Output;
    }

    /// <summary>The state of every node as <c>status --json</c> reports it.</summary>
    public async Task<Dictionary<string, string>> NodeStatesAsync()
    {
        using var status = await StatusAsync();
        return status.RootElement.GetProperty("nodes").EnumerateArray()
            .ToDictionary(n => n.GetProperty("name").GetString()!, n => n.GetProperty("state").GetString()!);
    }

    public Task<HttpResponseMessage> GetAsync(string path) => Http.GetAsync(new Uri(Url, path));

    /// <summary>The site's admin credentials, as its run state holds them now.</summary>
    public AdminCredentials AdminCredentials => AdminCredentials.Load(AdminCredentials.PathIn(StateDirectory));

    /// <summary>An admin endpoint's answer, sent with the token of <paramref name="scope"/> (or with <paramref name="token"/>, or none when it is empty).</summary>
    public async Task<HttpResponseMessage> SendAdminAsync(HttpMethod method, Uri uri, AdminScope scope = AdminScope.Read, string? token = null)
    {
        using var request = new HttpRequestMessage(method, uri);
        var bearer = token ?? AdminCredentials.TokenFor(scope);
        if (bearer.Length > 0)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        return await Http.SendAsync(request);
    }

    /// <summary>A one-time login link to the dashboard, from <c>webinfra dashboard</c> (its first line).</summary>
    public async Task<Uri> DashboardLinkAsync()
    {
        var dashboard = await RunAsync("dashboard");
        Assert.True(dashboard.ExitCode == 0, dashboard.ToString());
        return new Uri(dashboard.Output.Split('\n')[0].Trim());
    }

    /// <summary>The body of an admin endpoint read with the read token, as Prometheus and the dashboard read it.</summary>
    public async Task<string> GetAdminStringAsync(Uri uri)
    {
        using var response = await SendAdminAsync(HttpMethod.Get, uri);
        Assert.True(response.IsSuccessStatusCode, $"GET {uri} answered {(int)response.StatusCode}");
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>The nodes a response passed through, from its <c>X-Served-By</c> header.</summary>
    public static IReadOnlyList<string> ServedBy(HttpResponseMessage response) =>
        response.Headers.TryGetValues("X-Served-By", out var values)
            ? [.. values.SelectMany(v => v.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))]
            : [];

    /// <summary>An administrator connection to a database node, with the credentials the site generated.</summary>
    public async Task<MySqlConnection> OpenDatabaseAsync(string host, int port)
    {
        var secrets = DatabaseSecrets.LoadOrCreate(Path.Combine(StateDirectory, "secrets", "database.json"));
        var node = new DatabaseNode("test", host, port, Path.Combine(StateDirectory, "unused"), 1, DatabaseRole.Primary);
        var connection = new MySqlConnection(DatabaseConnectionStrings.For(node, secrets.AdminUser, secrets.AdminPassword, null, pooling: false));
        await connection.OpenAsync();
        return connection;
    }

    /// <summary>
    /// A connection to the database component <paramref name="component"/> (<c>server-1/db</c>) as <paramref name="user"/>
    /// ("admin" or "app"), built exactly as WebInfra builds its own (TLS verified against the internal CA under
    /// <c>database.tls</c>); <paramref name="sslMode"/> overrides its TLS mode.
    /// </summary>
    public MySqlConnection Database(string component, string user, MySqlSslMode? sslMode = null)
    {
        var topology = TopologyLoader.Load(TopologyPath);
        var node = TopologyDatabaseNodes.For(topology, topology.FindComponent(component)!, StateDirectory);
        var secrets = DatabaseSecrets.LoadOrCreate(Path.Combine(StateDirectory, "secrets", "database.json"));
        var (name, password) = user == "app" ? (secrets.AppUser, secrets.AppPassword) : (secrets.AdminUser, secrets.AdminPassword);
        var builder = new MySqlConnectionStringBuilder(DatabaseConnectionStrings.For(node, name, password, topology.Database.Name, pooling: false));
        if (sslMode is { } mode)
        {
            builder.SslMode = mode;
        }

        return new MySqlConnection(builder.ConnectionString);
    }

    /// <summary><c>SHOW SLAVE STATUS</c> of a replica, column by column.</summary>
    public static async Task<Dictionary<string, string>> SlaveStatusAsync(MySqlConnection connection)
    {
        await using var command = new MySqlCommand("SHOW SLAVE STATUS", connection);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync(), "the node has no replication status");
        return Enumerable.Range(0, reader.FieldCount).ToDictionary(reader.GetName, i => reader.IsDBNull(i) ? string.Empty : Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture)!);
    }

    /// <summary>A global status counter such as <c>Com_select</c>; reading it is a SHOW, which counts as no SELECT.</summary>
    public static async Task<long> StatusCounterAsync(MySqlConnection connection, string name)
    {
        await using var command = new MySqlCommand($"SHOW GLOBAL STATUS LIKE '{name}'", connection);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync(), $"no status variable {name}");
        return long.Parse(reader.GetString(1), CultureInfo.InvariantCulture);
    }

    /// <summary>A global variable such as <c>gtid_binlog_pos</c>, read with SHOW so that it counts as no SELECT.</summary>
    public static async Task<string> VariableAsync(MySqlConnection connection, string name)
    {
        await using var command = new MySqlCommand($"SHOW GLOBAL VARIABLES LIKE '{name}'", connection);
        await using var reader = await command.ExecuteReaderAsync();
        return await reader.ReadAsync() ? reader.GetString(1) : string.Empty;
    }

    public static async Task EventuallyAsync(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out after {timeout.TotalSeconds}s waiting until {what}");
            await Task.Delay(100);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        var down = await RunAsync("down", "--purge");
        Directory.Delete(_directory, recursive: true);
        Assert.True(down.ExitCode == 0, down.ToString());
    }
}

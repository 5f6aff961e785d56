using System.Text.RegularExpressions;
using WebInfra.FunctionalTests.Infrastructure;

namespace WebInfra.FunctionalTests.Examples;

/// <summary>
/// The Python example with every server a network namespace of its own on 10.87.0.0/24 and the firewall on, in each
/// server's kernel, tried from the operator namespace: writes through the whole site survive the loss of server-1 (web,
/// application and primary at once), and a server's database endpoints answer its own application only.
/// </summary>
public sealed partial class NamespacedExampleTests(NamespacedExampleTests.Fixture fixture) : IClassFixture<NamespacedExampleTests.Fixture>
{
    private const string Balancer = "http://10.87.0.10:8080";

    private TestSite Site => fixture.Site;

    [Fact]
    public async Task A_servers_database_endpoints_refuse_every_other_host()
    {
        var probe = """
            import socket
            s = socket.socket()
            s.settimeout(2)
            try:
                s.connect(("10.87.0.1", 6446))
                print("open")
            except OSError as e:
                print("closed", e)
            """;

        var own = await Site.RunOkAsync("exec", "server-1", "--", "python3", "-c", probe);
        var other = await Site.RunOkAsync("exec", "server-2", "--", "python3", "-c", probe);
        var outside = await Site.RunOkAsync("exec", "operator", "--", "python3", "-c", probe);

        Assert.StartsWith("open", own.Output, StringComparison.Ordinal);
        Assert.StartsWith("closed", other.Output, StringComparison.Ordinal);
        Assert.StartsWith("closed", outside.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Killing_a_whole_server_during_a_stream_of_writes_loses_no_acknowledged_write()
    {
        var writes = Site.RunOkAsync("exec", "operator", "--", "sh", "-c",
            "for i in $(seq 150); do curl -s -m 10 -H 'Content-Type: application/json' -d \"{\\\"text\\\":\\\"namespaced $i\\\"}\" "
            + Balancer + "/notes; echo; done");
        await Task.Delay(TimeSpan.FromSeconds(2));
        await Site.RunOkAsync("kill", "server-1");
        var acknowledged = Acknowledged().Matches((await writes).Output).Select(m => m.Groups[1].Value).ToList();

        await TestSite.EventuallyAsync(async () => (await Site.RunAsync("db", "status")).Output.Contains("primary: server-2/db", StringComparison.Ordinal),
            TimeSpan.FromSeconds(15), "server-2/db is the primary");
        var stored = (await Site.RunOkAsync("sql", "server-2/db", "SELECT id FROM notes.notes WHERE text LIKE 'namespaced %'", "--batch")).Output
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

        Assert.True(acknowledged.Count > 20, $"only {acknowledged.Count} writes were acknowledged");
        Assert.Empty(acknowledged.Except(stored));
    }

    [GeneratedRegex("""\{"id": (\d+), "text": "namespaced""")]
    private static partial Regex Acknowledged();

    /// <summary>The shipped Python example, moved onto namespaces with the firewall on, its paths made absolute.</summary>
    public sealed class Fixture() : SiteFixture(Namespaced(File.ReadAllText(Path.Combine(Repository.Root, "examples", "python-notes", "topology.yaml"))))
    {
        private static string Namespaced(string example)
        {
            var examples = Path.Combine(Repository.Root, "examples");
            var yaml = AddressLine().Replace(example, m => $"    address: 10.87.0.{m.Groups[1].Value}")
                .Replace("files: ../notes-common/static", $"files: {examples}/notes-common/static", StringComparison.Ordinal)
                .Replace("schema: ../notes-common/schema.sql", $"schema: {examples}/notes-common/schema.sql", StringComparison.Ordinal)
                .Replace("directory: .", $"directory: {examples}/python-notes", StringComparison.Ordinal);
            return "hosts: namespaces\nnetwork: { subnet: 10.87.0.0/24 }\nfirewall: { enabled: true }\n" + yaml;
        }
    }

    [GeneratedRegex(@"(?m)^    address: 127\.0\.41\.(\d+)$")]
    private static partial Regex AddressLine();
}

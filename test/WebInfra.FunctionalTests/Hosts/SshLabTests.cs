using System.Text.Json;
using WebInfra.FunctionalTests.Infrastructure;
using WebInfra.Hosts.Namespaces;
using WebInfra.Hosts.Ssh;

namespace WebInfra.FunctionalTests.Hosts;

/// <summary>
/// <c>hosts: ssh</c> as a new user tries it, on the shipped lab (<c>topologies/ssh-lab.yaml</c>): hosts made on this
/// machine, each a container in a network namespace that boots systemd and runs sshd, with its own <c>/usr</c>,
/// <c>/etc</c>, <c>/opt</c> and <c>/var</c>, reached only over SSH from the operator's namespace. Every check goes through the CLI
/// or through SSH, as on real machines.
/// </summary>
public sealed class SshLabTests
{
    private static readonly string s_topology = Path.Combine(Repository.Root, "topologies", "ssh-lab.yaml");

    [Fact]
    public async Task Up_deploys_over_ssh_reload_reaches_every_host_the_site_survives_a_host_losing_its_power_and_down_purge_leaves_nothing()
    {
        var site = await TestSite.StartFileAsync(s_topology);
        var network = new SiteNetwork(site.StateDirectory);
        var changed = Directory.CreateTempSubdirectory("webinfra-ssh-reload-").FullName;
        try
        {
            using (var status = await site.StatusAsync())
            {
                var nodes = status.RootElement.GetProperty("nodes").EnumerateArray().ToList();
                Assert.Equal(
                    ["lb-01/balancer", "lb-01/monitor", "lb-01/etcd", "lb-01/dns", "lb-01/vrrp", "lb-02/balancer", "lb-02/dns", "lb-02/vrrp",
                        "server-1/web", "server-1/app", "server-1/db", "server-1/etcd", "server-2/web", "server-2/app", "server-2/db", "server-2/etcd", "server-2/monitor"],
                    nodes.Select(n => n.GetProperty("name").GetString()));
                Assert.All(nodes, n => Assert.Equal("up", n.GetProperty("state").GetString()));

                // Every component is a process of the site's own user on its host, never root.
                foreach (var node in nodes)
                {
                    var server = node.GetProperty("name").GetString()!.Split('/')[0];
                    var pid = node.GetProperty("pid").GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture);
                    Assert.Equal("webinfra", (await site.RunOkAsync("exec", server, "--", "ps", "-o", "user=", "-p", pid)).Output.Trim());
                }
            }

            // systemd runs each host, so each component is an enabled unit of it (service_manager: auto), which systemd
            // starts again after a crash: server-2/web comes back by itself, under a new pid.
            Assert.Equal("active\nenabled", (await site.RunOkAsync("exec", "server-1", "--", "sh", "-c",
                "systemctl is-active webinfra-server-1-web@1.service; systemctl is-enabled webinfra-server-1-web@1.service")).Output.Trim());
            var killed = await site.PidOfAsync("server-2/web");
            await site.RunOkAsync("kill", "server-2/web");
            await TestSite.EventuallyAsync(async () => (await site.RunAsync("exec", "server-2", "--", "systemctl", "show", "-p", "NRestarts,ActiveState", "webinfra-server-2-web@1.service")).Output
                .Contains("NRestarts=1\nActiveState=active", StringComparison.Ordinal), TimeSpan.FromSeconds(20), "systemd started server-2/web again");
            await TestSite.EventuallyAsync(async () => (await site.NodeStatesAsync())["server-2/web"] == "up", TimeSpan.FromSeconds(20), "server-2/web is up again");
            var restarted = await site.PidOfAsync("server-2/web");
            Assert.NotEqual(killed, restarted);
            Assert.Equal("webinfra", (await site.RunOkAsync("exec", "server-2", "--", "ps", "-o", "user=", "-p", restarted.ToString(System.Globalization.CultureInfo.InvariantCulture))).Output.Trim());

            // A unit's output is in its host's journal, with what systemd says of the unit: 'logs' reads it there, the
            // crash and the restart included.
            var logs = (await site.RunOkAsync("logs", "server-2/web")).Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal("==> server-2/web (journalctl -u 'webinfra-server-2-web@*.service' on server-2)", logs[0]);
            Assert.Contains("webinfra-server-2-web@1.service: Main process exited, code=killed, status=9/KILL", logs);
            var journal = (await site.RunOkAsync("exec", "server-2", "--", "journalctl", "-q", "--no-pager", "-t", "webinfra-server-2-web", "-o", "cat")).Output;
            Assert.Contains(logs, line => line.EndsWith("Now listening on: http://10.77.0.2:8081", StringComparison.Ordinal) && journal.Contains(line, StringComparison.Ordinal));

            // MariaDB's nodes run on their hosts, each on a data directory made there as the site's user: the replica follows
            // the primary with semi-sync, and a row written on server-1 is read on server-2. systemd never starts a node by
            // itself (a primary it started again would stay read-only): its unit is static, not enabled.
            await site.RunOkAsync("sql", "server-1/db", "CREATE TABLE foobar.lab (id INT PRIMARY KEY)");
            await site.RunOkAsync("sql", "server-1/db", "INSERT INTO foobar.lab VALUES (1)");
            await TestSite.EventuallyAsync(async () => (await site.RunAsync("sql", "server-2/db", "SELECT COUNT(*) AS n FROM foobar.lab")).Output.Contains("│ 1 ", StringComparison.Ordinal),
                TimeSpan.FromSeconds(10), "server-2/db has the row written on server-1/db");
            using (var cluster = JsonDocument.Parse((await site.RunOkAsync("db", "status", "--json")).Output))
            {
                Assert.Equal("server-1/db", cluster.RootElement.GetProperty("primary").GetString());
                Assert.Contains(cluster.RootElement.GetProperty("leader").GetString(), (string[])["lb-01/monitor", "server-2/monitor"]);
                var replica = cluster.RootElement.GetProperty("nodes").EnumerateArray().Single(n => n.GetProperty("name").GetString() == "server-2/db");
                Assert.Equal(("replica", "10.77.0.1:3306", true, true), (replica.GetProperty("role").GetString(), replica.GetProperty("replicating_from").GetString(),
                    replica.GetProperty("io_running").GetBoolean(), replica.GetProperty("semi_sync_slave_status").GetBoolean()));
            }

            Assert.Equal("webinfra webinfra", (await site.RunOkAsync("exec", "server-2", "--", "stat", "-c", "%U %G", "/var/lib/webinfra/state/db/server-2/data/mysql")).Output.Trim());
            Assert.Equal("static", (await site.RunAsync("exec", "server-1", "--", "systemctl", "is-enabled", "webinfra-server-1-db@1.service")).Output.Trim());

            // A replica with no data directory is cloned from a running node: mariadb-backup on server-1 streams into
            // mbstream on server-2, each over SSH, and the copy replicates from where it ends.
            await site.RunOkAsync("kill", "server-2/db");
            await site.RunOkAsync("exec", "server-2", "--", "rm", "-rf", "/var/lib/webinfra/state/db/server-2/data");
            var clone = await site.RunOkAsync("start", "server-2/db");
            Assert.Contains("cloned server-2/db from server-1/db with mariadb-backup", clone.Output, StringComparison.Ordinal);
            await site.RunOkAsync("sql", "server-1/db", "INSERT INTO foobar.lab VALUES (2)");
            await TestSite.EventuallyAsync(async () => (await site.RunAsync("sql", "server-2/db", "SELECT COUNT(*) AS n FROM foobar.lab")).Output.Contains("│ 2 ", StringComparison.Ordinal),
                TimeSpan.FromSeconds(10), "the clone has the row it was copied with and the one written after");
            Assert.Empty((await site.RunOkAsync("exec", "server-1", "--", "sh", "-c", "ls /var/lib/webinfra/state/db/server-1/data.tmp")).Output.Trim());

            // The site by its name: each lb's Knot answers www.foobar.com with the VIP, which lb-01's keepalived holds (a
            // process of the site's user, with CAP_NET_ADMIN and CAP_NET_RAW alone), and lb-02's stands by.
            Assert.Equal("10.77.0.100", (await site.RunOkAsync("exec", "operator", "--", "dig", "+short", "+time=2", "@10.77.0.11", "www.foobar.com")).Output.Trim());
            Assert.Equal("10.77.0.100", (await site.RunOkAsync("exec", "operator", "--", "dig", "+short", "+time=2", "www.foobar.com")).Output.Trim());
            Assert.Equal(["lb-01"], await HoldersAsync(site));
            Assert.Equal("webinfra", (await site.RunOkAsync("exec", "lb-01", "--", "ps", "-C", "keepalived", "-o", "user=")).Output.Split('\n')[0].Trim());
            Assert.Equal("webinfra", (await site.RunOkAsync("exec", "lb-02", "--", "ps", "-C", "knotd", "-o", "user=")).Output.Trim());

            // The dashboard of the monitor on server-2, a host with no keepalived, shows each keepalived's state as the
            // balancer beside it exports it.
            var dashboard = await site.LogInToDashboardFromOperatorAsync("10.77.0.2:8090");
            await TestSite.EventuallyAsync(async () => await KeepalivedOnDashboardAsync(site, dashboard) == "lb-01/vrrp up MASTER www, lb-02/vrrp up BACKUP www",
                TimeSpan.FromSeconds(10), "server-2's dashboard shows lb-01 holding the VIP and lb-02 standing by");
            var answer = await site.RunOkAsync("exec", "operator", "--", "curl", "-s", "-i", "-m", "5", "http://www.foobar.com/");
            Assert.StartsWith("HTTP/1.1 200", answer.Output, StringComparison.Ordinal);
            Assert.Matches("X-Served-By: lb-01/balancer, server-[12]/web", answer.Output);
            Assert.Contains("as user 9", answer.Output, StringComparison.Ordinal);

            // What the hosts installed is on the hosts: their own user and build, none of it on this machine.
            Assert.Contains("webinfra:x:", (await site.RunOkAsync("exec", "server-1", "--", "getent", "passwd", "webinfra")).Output, StringComparison.Ordinal);
            Assert.Contains("current", (await site.RunOkAsync("exec", "lb-01", "--", "ls", "/opt/webinfra")).Output, StringComparison.Ordinal);
            Assert.NotEqual(0, (await Infrastructure.Cli.RunProgramAsync("getent", "passwd", "webinfra")).ExitCode);
            Assert.False(Directory.Exists("/opt/webinfra"));

            // Each host's firewall was loaded over SSH into its own kernel: lb-01 reaches the web servers, and its
            // packets to an application server are dropped there (curl times out: exit code 28, not a refusal).
            Assert.Contains("table inet webinfra", (await site.RunOkAsync("exec", "server-1", "--", "nft", "list", "tables")).Output, StringComparison.Ordinal);
            await site.RunOkAsync("exec", "lb-01", "--", "curl", "-s", "-o", "/dev/null", "-m", "5", "http://10.77.0.1:8081/healthz");
            Assert.Equal(28, (await site.RunAsync("exec", "lb-01", "--", "curl", "-s", "-m", "2", "http://10.77.0.1:8082/healthz")).ExitCode);

            // A live reload: the new file reaches every host, and each component loads it there, without a restart. Here
            // server-2/web becomes a backup, so the balancer sends every request to server-1/web.
            var next = await LabTopologyInAsync(changed, text => text.Replace("members: [server-1/web, server-2/web]", "members: [server-1/web, { component: server-2/web, backup: true }]", StringComparison.Ordinal));
            await site.RunOkAsync("reload", next);
            var servedBy = await site.RunOkAsync("exec", "operator", "--", "sh", "-c",
                "for i in 1 2 3 4 5 6; do curl -s -o /dev/null -m 5 -D - http://10.77.0.10/ | grep -i '^X-Served-By'; done");
            Assert.Equal(Enumerable.Repeat("X-Served-By: lb-01/balancer, server-1/web", 6), servedBy.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

            // server-1 loses its power, sshd and all: every request is answered from server-2. The first ones may wait for
            // a pooled connection to the silent host to be given up on (the backends' connect timeouts, 2 s and 5 s),
            // never for the 30 s server timeout (curl gives up after 20 s).
            Assert.Equal("inactive", (await site.RunAsync("exec", "server-1", "--", "systemctl", "is-active", "webinfra-firewall.service")).Output.Trim());
            await site.RunOkAsync("kill", "server-1");
            var codes = await site.RunOkAsync("exec", "operator", "--", "sh", "-c",
                "for i in 1 2 3 4 5 6 7 8 9 10; do curl -s -o /dev/null -m 20 -w '%{http_code} ' http://10.77.0.10/; done");
            Assert.Equal(Enumerable.Repeat("200", 10), codes.Output.Split(' ', StringSplitOptions.RemoveEmptyEntries));

            // The leading monitor (elected in etcd, whose members on lb-01 and server-2 keep a quorum) promotes server-2/db,
            // which takes writes: about 6 s after the power cut on the lab. The monitors drop the silent etcd member's
            // connection within 2 s (EtcdChannel's HTTP/2 pings); without that, no monitor led and nothing was promoted
            // 25 s after the cut.
            await TestSite.EventuallyAsync(async () => await PrimaryAsync(site) == "server-2/db", TimeSpan.FromSeconds(15), "the leading monitor promoted server-2/db");
            await site.RunOkAsync("sql", "server-2/db", "INSERT INTO foobar.lab VALUES (3)");

            // It boots again, and systemd starts its enabled units by itself: the firewall's first (loaded by up, never
            // started by it), then the components, which the CLI finds running and starts none of, but the database node,
            // which the CLI starts and the monitor makes a replica of server-2/db, with the row written while it was off.
            var boot = await site.RunOkAsync("start", "server-1");
            Assert.Equal(["started server-1/db"], boot.Output.Split('\n').Select(l => l.Trim()).Where(l => l.StartsWith("started server-1/", StringComparison.Ordinal)).Select(l => l.Split(" (")[0]));
            await TestSite.EventuallyAsync(async () => (await site.RunAsync("sql", "server-1/db", "SELECT COUNT(*) AS n FROM foobar.lab")).Output.Contains("│ 3 ", StringComparison.Ordinal),
                TimeSpan.FromSeconds(20), "server-1/db rejoined as a replica of server-2/db and has the row written while it was off");
            Assert.Equal("server-2/db", await PrimaryAsync(site));
            Assert.Equal("active", (await site.RunAsync("exec", "server-1", "--", "systemctl", "is-active", "webinfra-firewall.service")).Output.Trim());
            Assert.All((await site.NodeStatesAsync()).Values, state => Assert.Equal("up", state));

            // The entry balancer's process is replaced under load, refusing nothing: its next generation (a unit beside
            // the running one) takes its listening sockets over, and the first is stopped and disabled.
            var (served, failed) = await UnderLoadAsync(site, () => site.RunOkAsync("restart", "lb-01/balancer"));
            Assert.True(failed.Count == 0 && served > 0, $"{failed.Count} of {served + failed.Count} requests failed across the restart: {string.Join(", ", failed)}");
            Assert.Equal("webinfra-lb-01-balancer@2.service active", (await site.RunOkAsync("exec", "lb-01", "--", "sh", "-c",
                "systemctl list-units --all --plain --no-legend 'webinfra-lb-01-balancer@*' | awk '{print $1, $3}'")).Output.Trim());

            // lb-01 loses its power: lb-02's keepalived takes the VIP within seconds, and the site answers by its name through
            // lb-02 (lb-02's Knot answers when lb-01's does not). lb-01 boots as the backup: without preempt, lb-02 keeps it.
            await site.RunOkAsync("kill", "lb-01");
            await TestSite.EventuallyAsync(async () => (await HoldersAsync(site)).SequenceEqual(["lb-02"]), TimeSpan.FromSeconds(10), "lb-02 holds the VIP");
            var byName = await site.RunOkAsync("exec", "operator", "--", "curl", "-s", "-i", "-m", "20", "http://www.foobar.com/");
            Assert.Matches("X-Served-By: lb-02/balancer, server-[12]/web", byName.Output);
            await site.RunOkAsync("start", "lb-01");
            await TestSite.EventuallyAsync(async () => (await site.NodeStatesAsync())["lb-01/vrrp"] == "up", TimeSpan.FromSeconds(20), "lb-01's keepalived stands by");
            Assert.Equal(["lb-02"], await HoldersAsync(site));
        }
        catch (Exception failure)
        {
            await CleanUpAfterAsync(site, failure);
            Directory.Delete(changed, recursive: true);
            throw;
        }

        var down = await site.RunAsync("down", "--purge");
        Assert.True(down.ExitCode == 0, down.ToString());
        foreach (var host in (string[])["10.77.0.10", "10.77.0.11", "10.77.0.1", "10.77.0.2"])
        {
            Assert.Contains($"purged root@{host}:22: no webinfra user, /opt/webinfra, /var/lib/webinfra, /etc/webinfra, unit webinfra-* or table inet webinfra is left", down.Output, StringComparison.Ordinal);
        }

        Assert.Empty(network.Existing());
        Assert.False(Directory.Exists(site.StateDirectory));
        Assert.DoesNotContain(site.StateDirectory, (await Infrastructure.Cli.RunProgramAsync("ps", "-eo", "args")).Output, StringComparison.Ordinal);
        await site.DisposeAsync();
        Directory.Delete(changed, recursive: true);
    }

    /// <summary>The servers that hold the VIP, as <c>status</c> reads each keepalived's state on its host.</summary>
    private static async Task<IReadOnlyList<string>> HoldersAsync(TestSite site)
    {
        using var status = await site.StatusAsync();
        return [.. status.RootElement.GetProperty("vips")[0].GetProperty("held_by").EnumerateArray().Select(h => h.GetString()!)];
    }

    /// <summary>
    /// Each keepalived as the dashboard of server-2's monitor draws it (<c>NAME STATE DETAIL</c>, comma-separated), read
    /// from the operator namespace with the session in the cookie jar <paramref name="dashboard"/>.
    /// </summary>
    private static async Task<string> KeepalivedOnDashboardAsync(TestSite site, string dashboard)
    {
        using var snapshot = JsonDocument.Parse((await site.RunOkAsync("exec", "operator", "--", "curl", "-s", "-m", "5", "-b", dashboard, "http://10.77.0.2:8090/api/snapshot")).Output);
        return string.Join(", ", snapshot.RootElement.GetProperty("components").EnumerateArray()
            .Where(c => c.GetProperty("name").GetString()!.EndsWith("/vrrp", StringComparison.Ordinal))
            .Select(c => $"{c.GetProperty("name").GetString()} {c.GetProperty("state").GetString()} {c.GetProperty("detail").GetString()}"));
    }

    /// <summary>The primary <c>db status</c> names.</summary>
    private static async Task<string?> PrimaryAsync(TestSite site)
    {
        var status = await site.RunAsync("db", "status", "--json");
        if (status.ExitCode != 0)
        {
            return null;
        }

        using var cluster = JsonDocument.Parse(status.Output);
        return cluster.RootElement.GetProperty("primary").GetString();
    }

    [Fact]
    public async Task A_host_whose_key_changed_whose_port_is_taken_or_whose_packets_to_a_peer_are_dropped_is_refused_before_anything_changes_and_a_deploy_reaches_every_host()
    {
        // Components as WebInfra's own detached processes, on hosts that systemd runs too.
        var directory = Directory.CreateTempSubdirectory("webinfra-ssh-processes-").FullName;
        var site = await TestSite.StartFileAsync(await LabTopologyInAsync(directory, text => text.Replace("ssh: { lab: true }", "ssh: { lab: true, service_manager: processes }", StringComparison.Ordinal)));
        try
        {
            Assert.Equal(string.Empty, (await site.RunOkAsync("exec", "server-2", "--", "systemctl", "list-units", "--all", "--no-legend", "webinfra-*")).Output.Trim());
            var logs = (await site.RunOkAsync("logs", "server-2/web")).Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal("==> server-2/web (/var/lib/webinfra/state/logs/server-2-web.log on server-2)", logs[0]);
            Assert.True(logs.Length > 1, "a detached process's log file has its lines");

            // server-2 is reinstalled: it comes back with a new host key, and without etcd's server, which its package
            // source (an offline mirror) has; as on a Debian server, nothing keeps a package's scripts from starting its
            // service (this machine's policy-rc.d is a container image's).
            await OfflineMirrorOnAsync(site, "server-2", "etcd-server");
            await site.RunOkAsync("exec", "server-2", "--", "sh", "-c", $"rm -f {PackageInstall.PolicyFile} && dpkg --remove etcd-server >/dev/null 2>&1 && ! command -v etcd");
            await site.RunOkAsync("kill", "server-2");
            File.Delete(Path.Combine(site.StateDirectory, "ssh", "lab", "server-2", "disk", "etc", "ssh", "webinfra-lab-host"));

            var start = await site.RunAsync("start", "server-2");

            Assert.Equal(1, start.ExitCode);
            var knownHosts = Path.Combine(site.StateDirectory, "ssh", "known_hosts");
            Assert.Contains($"root@10.77.0.2:22: the host's key is not the one pinned at first contact (in {knownHosts})", start.Error, StringComparison.Ordinal);
            Assert.Contains($"ssh-keygen -f {knownHosts} -R '10.77.0.2'", start.Error, StringComparison.Ordinal);
            var before = await site.NodeStatesAsync();
            Assert.Equal(("down", "up"), (before["server-2/web"], before["server-1/web"]));

            // Once its key is forgotten, its start installs etcd's server with its own apt-get, from its own source; the
            // package's system service never started (not even for a moment, on a port of its own), and is not enabled:
            // server-2/etcd is WebInfra's own member.
            await Infrastructure.Cli.RunProgramAsync("ssh-keygen", "-f", knownHosts, "-R", "10.77.0.2");
            var reinstalled = await site.RunOkAsync("start", "server-2");
            Assert.Contains("server-2: installing etcd-server with apt-get", reinstalled.Output, StringComparison.Ordinal);
            Assert.Contains("server-2: installed etcd-server", reinstalled.Output, StringComparison.Ordinal);
            var packageState = await site.RunAsync("exec", "server-2", "--", "sh", "-c",
                "dpkg-query -W -f='${Status}\n' etcd-server; systemctl show -p ActiveEnterTimestampMonotonic --value etcd.service; systemctl is-enabled etcd.service; "
                    + $"test -e {PackageInstall.PolicyFile} && echo policy left");
            Assert.Equal("install ok installed\n0\ndisabled", packageState.Output.Trim());
            var states = await site.NodeStatesAsync();
            Assert.Equal(("up", "up"), (states["server-2/web"], states["server-2/etcd"]));
            Assert.True(File.Exists("/usr/bin/etcd"), "the package was removed on server-2 alone, not on this machine");

            // Another program took server-2/web's port while it was down: starting it names the port and the program.
            await site.RunOkAsync("kill", "server-2/web");
            await site.RunOkAsync("exec", "server-2", "--", "sh", "-c", "setsid python3 -m http.server 8081 --bind 10.77.0.2 >/dev/null 2>&1 < /dev/null & sleep 1");
            var taken = await site.RunAsync("start", "server-2/web");
            Assert.Equal(1, taken.ExitCode);
            Assert.Contains("server 'server-2' (root@10.77.0.2:22): port 8081, which server-2/web needs, is taken by python3", taken.Error, StringComparison.Ordinal);
            await site.RunOkAsync("exec", "server-2", "--", "pkill", "-f", "[h]ttp.server 8081");

            // A firewall on server-2 that is not the site's drops lb-01's packets for server-2/web: every host tries the
            // connections its components open, so the start names the one that gets no answer, and what to let through.
            await site.RunOkAsync("exec", "server-2", "--", "sh", "-c", "nft add table inet foreign && "
                + "nft add chain inet foreign input '{ type filter hook input priority -10; }' && nft add rule inet foreign input ip saddr 10.77.0.10 tcp dport 8081 drop");
            var dropped = await site.RunAsync("start", "server-2/web");
            Assert.Equal(1, dropped.ExitCode);
            Assert.Contains("nothing was changed on any host: server 'lb-01' (root@10.77.0.10:22): its connections to server-2 (10.77.0.2) port 8081 "
                + "(server-2/web from its balancers) get no answer within 2 s: a firewall on the way, or on server-2 and not the site's, drops them; "
                + "let 10.77.0.10 through to port 8081", dropped.Error, StringComparison.Ordinal);
            await site.RunOkAsync("exec", "server-2", "--", "nft", "delete", "table", "inet", "foreign");

            // A partition made on purpose drops them too, and is not in the way.
            await site.RunOkAsync("partition", "lb-01", "server-2");
            await site.RunOkAsync("start", "server-2/web");
            await site.RunOkAsync("heal");

            // Detached processes are replaced under load too: the new one takes the old one's listening sockets over.
            var (served, failed) = await UnderLoadAsync(site, async () =>
                Assert.Contains("took over lb-01/balancer", (await site.RunOkAsync("restart", "lb-01/balancer")).Output, StringComparison.Ordinal));
            Assert.True(failed.Count == 0 && served > 0, $"{failed.Count} of {served + failed.Count} requests failed across the restart: {string.Join(", ", failed)}");

            // A rolling deploy of changed application code: each server's release reaches its host before its
            // application server restarts there, and both then serve it.
            var release = Directory.CreateTempSubdirectory("webinfra-ssh-release-").FullName;
            try
            {
                var code = await File.ReadAllTextAsync(Path.Combine(Repository.Root, "topologies", "ssh-lab-app", "app.py"));
                await File.WriteAllTextAsync(Path.Combine(release, "app.py"), code.Replace("<h1>Hello from", "<h1>Hello again from", StringComparison.Ordinal));
                await site.RunOkAsync("deploy", "--app", release, "--message", "a new greeting");
                var greetings = await site.RunOkAsync("exec", "operator", "--", "sh", "-c",
                    "for i in 1 2 3 4; do curl -s -m 5 http://10.77.0.10/ | grep -o 'served by [0-9.]*'; done");
                Assert.Equal(["served by 10.77.0.1", "served by 10.77.0.2"], greetings.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Distinct().Order());
                Assert.DoesNotContain("<h1>Hello from", (await site.RunOkAsync("exec", "operator", "--", "curl", "-s", "-m", "5", "http://10.77.0.10/")).Output, StringComparison.Ordinal);
            }
            finally
            {
                Directory.Delete(release, recursive: true);
            }

            // A purge removes no package (another program may need it since), and names the one WebInfra installed.
            var purged = await site.RunOkAsync("down", "--purge", "--yes");
            Assert.True(purged.Output.Contains("purged root@10.77.0.2:22: no webinfra user, /opt/webinfra, /var/lib/webinfra, /etc/webinfra, unit webinfra-* or table inet webinfra is left\n"
                + "  the packages WebInfra installed on root@10.77.0.2:22 stay: etcd-server ('apt-get purge etcd-server' removes them)\n", StringComparison.Ordinal)
                && purged.Output.Split('\n').Count(l => l.Contains("the packages WebInfra installed", StringComparison.Ordinal)) == 1, purged.Output);
        }
        finally
        {
            await site.DisposeAsync();
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>
    /// Runs <paramref name="action"/> while the operator sends GETs to the balancer one after another (curl, for 15 s at
    /// most); how many were answered 200, and what each other one got.
    /// </summary>
    private static async Task<(int Served, IReadOnlyList<string> Failed)> UnderLoadAsync(TestSite site, Func<Task> action)
    {
        var stop = Path.Combine(site.StateDirectory, "load.stop");
        var load = site.RunAsync("exec", "operator", "--", "sh", "-c",
            "end=$(($(date +%s) + 15)); while [ $(date +%s) -lt $end ] && [ ! -e \"$0\" ]; do curl -s -o /dev/null -m 5 -w '%{http_code}\\n' http://10.77.0.10/; done; rm -f \"$0\"", stop);
        await Task.Delay(TimeSpan.FromSeconds(1));
        try
        {
            await action();
        }
        finally
        {
            await File.WriteAllTextAsync(stop, string.Empty);
        }

        var codes = (await load).Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return (codes.Count(c => c == "200"), [.. codes.Where(c => c != "200")]);
    }

    /// <summary>
    /// Makes <paramref name="package"/>, as Debian's registry serves it to this machine (<c>apt-get download</c>), the one
    /// package source of lab host <paramref name="server"/>: a flat repository in its <c>/srv/mirror</c> (indexed by
    /// <c>apt-ftparchive</c>), as an offline mirror; the lab's hosts reach no network but the switch.
    /// </summary>
    private static async Task OfflineMirrorOnAsync(TestSite site, string server, string package)
    {
        var mirror = Path.Combine(site.StateDirectory, "ssh", "lab", server, "root", "srv", "mirror");
        Directory.CreateDirectory(mirror);
        var made = await Infrastructure.Cli.RunProgramAsync("sh", "-c",
            "set -e; cd \"$0\"; apt-get download -q \"$1\" 2>/dev/null || { apt-get update -qq && apt-get download -q \"$1\"; }; "
                + "apt-ftparchive packages . > Packages; apt-ftparchive release . > ../Release; mv ../Release Release", mirror, package);
        Assert.True(made.ExitCode == 0, $"the mirror of {package}: {made.Error}");
        await site.RunOkAsync("exec", server, "--", "sh", "-c", "rm -f /etc/apt/sources.list.d/* && echo 'deb [trusted=yes] file:/srv/mirror ./' > /etc/apt/sources.list");
    }

    /// <summary>The lab's topology, changed by <paramref name="change"/>, written in <paramref name="directory"/> with its paths leading to the same files.</summary>
    private static async Task<string> LabTopologyInAsync(string directory, Func<string, string> change)
    {
        var path = Path.Combine(directory, "ssh-lab.yaml");
        await File.WriteAllTextAsync(path, change(await File.ReadAllTextAsync(s_topology))
            .Replace("files: ../site", $"files: {Path.GetRelativePath(directory, Repository.SiteFiles)}", StringComparison.Ordinal)
            .Replace("directory: ssh-lab-app", $"directory: {Path.GetRelativePath(directory, Path.Combine(Repository.Root, "topologies", "ssh-lab-app"))}", StringComparison.Ordinal));
        return path;
    }

    /// <summary>Takes the site down after <paramref name="failure"/>, reporting both when that fails too.</summary>
    private static async Task CleanUpAfterAsync(TestSite site, Exception failure)
    {
        try
        {
            await site.DisposeAsync();
        }
        catch (Exception cleanup)
        {
            throw new AggregateException(failure, cleanup);
        }
    }

    [Fact]
    public async Task Hosts_that_cannot_be_reached_are_each_reported_with_the_fix_and_nothing_is_started()
    {
        var directory = Directory.CreateTempSubdirectory("webinfra-ssh-unreachable-").FullName;
        var topology = Path.Combine(directory, "topology.yaml");
        await File.WriteAllTextAsync(topology, $$"""
            site: { name: www.foobar.com, files: {{Path.GetRelativePath(directory, Repository.SiteFiles)}} }
            hosts: ssh
            ssh: { port: 1 }
            servers:
              lb-01:
                address: 127.0.62.10
                components:
                  balancer: { port: 8080, backend: web }
              server-1:
                address: 127.0.62.1
                ssh: deploy@127.0.62.1:2
                components:
                  web: { port: 8081, backend: app }
                  app: { port: 8082, command: exec sleep 60 }
            backends:
              web: { members: [server-1/web] }
              app: { members: [server-1/app] }
            """);
        try
        {
            var up = await Infrastructure.Cli.RunAsync("up", topology, "--state-dir", Path.Combine(directory, "state"));

            Assert.Equal(1, up.ExitCode);
            Assert.Contains("server 'lb-01': root@127.0.62.10:1: nothing accepts SSH connections at 127.0.62.10:1: start sshd there, or give the server's ssh target the right port", up.Error, StringComparison.Ordinal);
            Assert.Contains("server 'server-1': deploy@127.0.62.1:2: nothing accepts SSH connections at 127.0.62.1:2", up.Error, StringComparison.Ordinal);
            var stateFile = Path.Combine(directory, "state", "state.json");
            Assert.True(!File.Exists(stateFile) || !(await File.ReadAllTextAsync(stateFile)).Contains("pid", StringComparison.OrdinalIgnoreCase), "nothing may have started");
        }
        finally
        {
            await Infrastructure.Cli.RunAsync("down", "--purge", "--state-dir", Path.Combine(directory, "state"));
            Directory.Delete(directory, recursive: true);
        }
    }
}

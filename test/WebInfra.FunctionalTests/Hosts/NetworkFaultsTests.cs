using System.Globalization;
using WebInfra.FunctionalTests.Infrastructure;

namespace WebInfra.FunctionalTests.Hosts;

/// <summary>
/// Faults on demand in a namespaces site, checked from outside: a partition cuts a web server off its balancer (which
/// ejects it while every request still answers), <c>heal</c> brings it back, <c>--one-way</c> cuts one direction only,
/// one command cuts a server off from several, <c>status</c> lists what is set, and a slow link delays a connection by at least what was asked.
/// </summary>
public sealed class NetworkFaultsTests(NetworkFaultsSiteFixture fixture) : IClassFixture<NetworkFaultsSiteFixture>
{
    private TestSite Site => fixture.Site;

    [Fact]
    public async Task A_partition_between_the_balancer_and_server_1_ejects_it_while_every_request_answers_and_heal_restores_it()
    {
        await Site.RunOkAsync("partition", "lb-01", "server-1");
        try
        {
            await TestSite.EventuallyAsync(async () => await Site.MemberStateAsync("lb-01/balancer", "server-1/web") == "DOWN", TimeSpan.FromSeconds(10), "lb-01 sees server-1/web DOWN");
            Assert.Equal(Enumerable.Repeat("200", 10), await StatusCodesAsync(10));

            using var status = await Site.StatusAsync();
            var fault = Assert.Single(status.RootElement.GetProperty("faults").EnumerateArray());
            Assert.Equal(("partition", "lb-01", "server-1", false), (fault.GetProperty("kind").GetString(), fault.GetProperty("from").GetString(), fault.GetProperty("to").GetString(), fault.GetProperty("one_way").GetBoolean()));
            Assert.Contains("lb-01 ⇹ server-1", (await Site.RunOkAsync("status")).Output, StringComparison.Ordinal);
        }
        finally
        {
            await Site.RunOkAsync("heal", "lb-01", "server-1");
        }

        await TestSite.EventuallyAsync(async () => await Site.MemberStateAsync("lb-01/balancer", "server-1/web") == "UP", TimeSpan.FromSeconds(10), "lb-01 sees server-1/web UP again");
        using var healed = await Site.StatusAsync();
        Assert.Empty(healed.RootElement.GetProperty("faults").EnumerateArray());
    }

    [Fact]
    public async Task A_one_way_partition_drops_only_one_direction_and_heal_without_arguments_removes_every_rule()
    {
        await Site.RunOkAsync("partition", "lb-01", "server-1", "--one-way");
        try
        {
            var rules = await Site.SwitchRulesAsync();
            Assert.Single(rules.Split('\n'), l => l.Contains(" drop ", StringComparison.Ordinal));
            Assert.Contains("iifname \"p0\" oifname \"p1\" drop", rules, StringComparison.Ordinal);
            await TestSite.EventuallyAsync(async () => await Site.MemberStateAsync("lb-01/balancer", "server-1/web") == "DOWN", TimeSpan.FromSeconds(10), "lb-01 sees server-1/web DOWN");

            using var status = await Site.StatusAsync();
            var fault = Assert.Single(status.RootElement.GetProperty("faults").EnumerateArray());
            Assert.True(fault.GetProperty("one_way").GetBoolean());
        }
        finally
        {
            await Site.RunOkAsync("heal");
        }

        // heal removes what the kernel holds, not only what the CLI recorded.
        Assert.DoesNotContain("drop", await Site.SwitchRulesAsync(), StringComparison.Ordinal);
        await TestSite.EventuallyAsync(async () => await Site.MemberStateAsync("lb-01/balancer", "server-1/web") == "UP", TimeSpan.FromSeconds(10), "lb-01 sees server-1/web UP again");
    }

    [Fact]
    public async Task One_partition_command_cuts_a_server_off_from_several_at_once_and_heal_ends_each()
    {
        await Site.RunOkAsync("partition", "server-1", "lb-01", "server-2");
        try
        {
            Assert.Equal(4, (await Site.SwitchRulesAsync()).Split('\n').Count(l => l.Contains(" drop", StringComparison.Ordinal)));
            using var status = await Site.StatusAsync();
            var cut = status.RootElement.GetProperty("faults").EnumerateArray()
                .Select(f => $"{f.GetProperty("from").GetString()} {f.GetProperty("to").GetString()}").Order(StringComparer.Ordinal);
            Assert.Equal(["server-1 lb-01", "server-1 server-2"], cut);
            await TestSite.EventuallyAsync(async () => await Site.MemberStateAsync("lb-01/balancer", "server-1/web") == "DOWN", TimeSpan.FromSeconds(10), "lb-01 sees server-1/web DOWN");
        }
        finally
        {
            await Site.RunOkAsync("heal", "server-1", "lb-01");
        }

        Assert.Equal(2, (await Site.SwitchRulesAsync()).Split('\n').Count(l => l.Contains(" drop", StringComparison.Ordinal)));
        await Site.RunOkAsync("heal", "server-1", "server-2");
        Assert.DoesNotContain("drop", await Site.SwitchRulesAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_slow_link_delays_the_connection_by_at_least_the_delay_and_off_restores_it()
    {
        var slow = await Site.RunAsync("slow", "server-1", "--delay", "200ms");
        if (slow.ExitCode == 1 && slow.Error.Contains("no netem", StringComparison.Ordinal))
        {
            // This machine's kernel has no netem (CONFIG_NET_SCH_NETEM): the command says so and leaves nothing half set.
            using var unchanged = await Site.StatusAsync();
            Assert.Empty(unchanged.RootElement.GetProperty("faults").EnumerateArray());
            return;
        }

        Assert.True(slow.ExitCode == 0, slow.ToString());
        try
        {
            // Delayed both ways, so the SYN/SYN-ACK round trip takes at least twice the delay: 0.2 s is a loose floor.
            Assert.InRange(await ConnectSecondsAsync(), 0.2, 5);
        }
        finally
        {
            await Site.RunOkAsync("slow", "server-1", "--off");
        }

        Assert.InRange(await ConnectSecondsAsync(), 0, 0.1);
    }

    [Fact]
    public async Task Unknown_names_and_bad_values_are_refused_with_exit_2()
    {
        var unknown = await Site.RunAsync("partition", "lb-01", "server-9");
        var delay = await Site.RunAsync("slow", "server-1", "--delay", "200");
        var loss = await Site.RunAsync("slow", "server-1", "--delay", "10ms", "--loss", "101%");

        Assert.Equal((2, 2, 2), (unknown.ExitCode, delay.ExitCode, loss.ExitCode));
        Assert.Contains("servers: lb-01, server-1, server-2, or 'operator'", unknown.Error, StringComparison.Ordinal);
        Assert.Contains("--delay '200' is not a duration", delay.Error, StringComparison.Ordinal);
        Assert.Contains("--loss '101%' is not a percentage", loss.Error, StringComparison.Ordinal);
    }

    /// <summary>The status code of each of <paramref name="count"/> GETs sent through the balancer from the operator's namespace.</summary>
    private async Task<IEnumerable<string>> StatusCodesAsync(int count)
    {
        var result = await Site.RunOkAsync("exec", "operator", "--", "sh", "-c",
            $"for i in $(seq {count}); do curl -s -m 5 -o /dev/null -w '%{{http_code}}\\n' {NetworkFaultsSiteFixture.Balancer}/robots.txt; done");
        return result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    /// <summary>How long curl in the operator's namespace took to connect to server-1's web server, as curl measures it.</summary>
    private async Task<double> ConnectSecondsAsync()
    {
        var result = await Site.RunOkAsync("exec", "operator", "--", "curl", "-s", "-m", "10", "-o", "/dev/null", "-w", "%{time_connect}", $"{NetworkFaultsSiteFixture.Server1Web}/healthz");
        return double.Parse(result.Output.Trim(), CultureInfo.InvariantCulture);
    }
}

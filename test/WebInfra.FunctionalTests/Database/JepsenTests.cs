using System.Text.Json;
using WebInfra.FunctionalTests.Infrastructure;

namespace WebInfra.FunctionalTests.Database;

/// <summary>
/// The short form of <c>chaos/jepsen.sh</c>: ten random faults (seeded) on its site moved to 10.97.0.0/24 (a subnet no
/// other test uses), with writers, readers and the writability sampler all in the site's operator namespace; the run
/// must lose no acknowledged write, never show two writable nodes, leave no errant GTID on a replica, end with equal
/// checksums and converge after every fault. Its
/// <c>--self-test</c> runs the same checkers on fabricated histories, each of which must be caught: proof that the
/// checks can fail. The figures (failover time, write outage) are the script's to print, not asserted here.
/// </summary>
public sealed class JepsenTests
{
    private const string Script = "chaos/jepsen.sh";

    private static readonly TimeSpan s_runLimit = TimeSpan.FromMinutes(6);

    [Fact]
    public async Task The_self_test_catches_a_lost_write_two_writable_nodes_an_errant_gtid_and_a_checksum_mismatch()
    {
        var result = await Infrastructure.Cli.RunProgramAsync(Path.Combine(Repository.Root, Script), "--self-test");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.DoesNotContain("MISS", result.Output, StringComparison.Ordinal);
        foreach (var kind in new[] { "a lost write", "two writable at one sample", "an errant GTID", "a checksum mismatch", "clean: nothing lost" })
        {
            Assert.Contains($"ok   {kind}:", result.Output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Ten_random_faults_lose_no_acknowledged_write_and_never_leave_two_writable_nodes_or_an_errant_gtid()
    {
        var folder = Directory.CreateTempSubdirectory("webinfra-jepsen-").FullName;
        try
        {
            var summaryPath = Path.Combine(folder, "summary.json");
            var result = await Infrastructure.Cli.RunProgramAsync(s_runLimit, Path.Combine(Repository.Root, Script),
                "--faults", "10", "--seed", "22", "--subnet", "10.97.0.0/24", "--state-dir", Path.Combine(folder, "state"), "--json", summaryPath);

            Assert.True(File.Exists(summaryPath), $"no summary written: {result}");
            using var summary = JsonDocument.Parse(await File.ReadAllTextAsync(summaryPath));
            var root = summary.RootElement;
            Assert.True(
                (root.GetProperty("lost").GetInt32(), root.GetProperty("dual_writable_moments").GetInt32(), root.GetProperty("errant_gtids").GetInt32(),
                    root.GetProperty("checksum_mismatches").GetInt32(), root.GetProperty("not_converged").GetInt32()) == (0, 0, 0, 0, 0),
                $"lost, dual, errant, checksum, not converged: {result}");
            Assert.True(result.ExitCode == 0, result.ToString());
            Assert.True(root.GetProperty("faults_run").EnumerateObject().Sum(k => k.Value.GetInt32()) > 0, $"no fault ran: {result}");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}

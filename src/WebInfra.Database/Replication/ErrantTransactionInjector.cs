using System.Globalization;
using MySqlConnector;
using WebInfra.Database.Provisioning;

namespace WebInfra.Database.Replication;

/// <summary>
/// Makes a node's errant transactions part of the primary's history instead of discarding them
/// (<c>webinfra db repair NODE --inject</c>): the primary commits one empty transaction under each errant GTID, so its
/// position contains the node's, and the node replicates on from there. The node keeps the data of those transactions;
/// the primary and the other replicas never get it.
/// <para>
/// MariaDB writes no empty <c>BEGIN; COMMIT</c> to its binary log, so each is a statement that changes nothing but is
/// always logged: <c>DROP TABLE IF EXISTS</c> of a table that does not exist. With <c>gtid_strict_mode</c> the primary
/// takes a GTID only above the last sequence number of its domain, so the GTIDs go in ascending order, and a GTID at
/// or below the primary's number (the primary has written past it) cannot be injected: such a node is repaired by a
/// clone.
/// </para>
/// </summary>
public sealed class ErrantTransactionInjector
{
    /// <summary>The statement logged under each injected GTID; the table never exists.</summary>
    private const string NoOp = "DROP TABLE IF EXISTS mysql.webinfra_errant_transaction_placeholder";

    private readonly NodeAdministration _administration;

    /// <summary>Creates an injector that acts as the administrator of <paramref name="secrets"/>.</summary>
    public ErrantTransactionInjector(DatabaseSecrets secrets) => _administration = new NodeAdministration(secrets);

    /// <summary>
    /// Why <paramref name="errantGtids"/> cannot be injected on a primary at <paramref name="primaryBinlogPos"/>, or
    /// null when they can: every one must be above the primary's last sequence number of its domain.
    /// </summary>
    /// <exception cref="FormatException">A text is not a list of GTIDs.</exception>
    public static string? Refusal(IReadOnlyList<string> errantGtids, string? primaryBinlogPos)
    {
        ArgumentNullException.ThrowIfNull(errantGtids);
        var primary = Gtid.ParseList(primaryBinlogPos).ToDictionary(g => g.Domain, g => g.Sequence);
        var passed = errantGtids.SelectMany(Gtid.ParseList)
            .Where(g => primary.TryGetValue(g.Domain, out var sequence) && g.Sequence <= sequence)
            .ToList();
        return passed.Count == 0
            ? null
            : $"the primary has written past {string.Join(",", passed)} in {(passed.Select(g => g.Domain).Distinct().Count() == 1 ? "its domain" : "their domains")} "
                + $"(it is at {primaryBinlogPos}); under gtid_strict_mode it cannot take a GTID at or below its own last number";
    }

    /// <summary>
    /// Injects <paramref name="errantGtids"/> on <paramref name="primary"/> and makes <paramref name="node"/> replicate
    /// from it again: the node's SQL thread is stopped first (its I/O thread keeps receiving, and acknowledging for
    /// semi-sync), the primary commits one empty transaction per GTID in order, and the node is pointed at the primary
    /// from everything it holds (<see cref="NodeAdministration.RepointAsync"/>), so it skips the injected GTIDs, which
    /// it has.
    /// </summary>
    /// <exception cref="MySqlException">A node refused a statement (the primary, for a GTID out of order).</exception>
    public async Task InjectAsync(DatabaseNode node, DatabaseNode primary, IReadOnlyList<string> errantGtids, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(errantGtids);
        await using (var connection = await _administration.OpenAsync(node, cancellationToken))
        {
            await using var stop = new MySqlCommand("STOP SLAVE SQL_THREAD", connection);
            await stop.ExecuteNonQueryAsync(cancellationToken);
        }

        foreach (var gtid in errantGtids.SelectMany(Gtid.ParseList).OrderBy(g => g.Domain).ThenBy(g => g.Sequence))
        {
            // One connection each, so no session variable outlives its GTID; the domain and server id are set before the
            // sequence number, which MariaDB checks against the session's domain as it is set.
            await using var connection = await _administration.OpenAsync(primary, cancellationToken);
            await using var command = new MySqlCommand(string.Create(CultureInfo.InvariantCulture,
                $"SET SESSION gtid_domain_id = {gtid.Domain}, SESSION server_id = {gtid.ServerId}; SET SESSION gtid_seq_no = {gtid.Sequence}; {NoOp}"), connection);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await _administration.RepointAsync(node, primary, cancellationToken);
    }
}

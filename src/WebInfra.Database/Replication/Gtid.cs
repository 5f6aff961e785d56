using System.Globalization;

namespace WebInfra.Database.Replication;

/// <summary>
/// One MariaDB GTID, <c>domain-server_id-sequence</c>: the transaction numbered <paramref name="Sequence"/> in
/// replication domain <paramref name="Domain"/>, first written on the server <paramref name="ServerId"/>.
/// </summary>
/// <param name="Domain">The replication domain (<c>gtid_domain_id</c>).</param>
/// <param name="ServerId">The server that first committed it (<c>server_id</c>).</param>
/// <param name="Sequence">Its number in the domain (<c>gtid_seq_no</c>).</param>
internal readonly record struct Gtid(uint Domain, uint ServerId, ulong Sequence)
{
    /// <summary>
    /// Reads a comma-separated list of GTIDs as MariaDB prints them (<c>@@gtid_binlog_state</c>, <c>@@gtid_current_pos</c>,
    /// <c>Gtid_IO_Pos</c>), in the order written; empty text is the empty list.
    /// </summary>
    /// <exception cref="FormatException">A GTID is not three numbers separated by dashes.</exception>
    public static IReadOnlyList<Gtid> ParseList(string? text)
    {
        var gtids = new List<Gtid>();
        foreach (var gtid in (text ?? string.Empty).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = gtid.Split('-');
            if (parts.Length != 3
                || !uint.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var domain)
                || !uint.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var serverId)
                || !ulong.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var sequence))
            {
                throw new FormatException($"'{gtid}' in GTID list '{text}' is not domain-server-sequence");
            }

            gtids.Add(new Gtid(domain, serverId, sequence));
        }

        return gtids;
    }

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Domain}-{ServerId}-{Sequence}");
}

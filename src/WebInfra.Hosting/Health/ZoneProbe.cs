using System.Net;
using DnsClient;

namespace WebInfra.Hosting.Health;

/// <summary>
/// Asks a DNS server for its zone's SOA, the way a resolver would: it is healthy when it answers with authority and no
/// error, so the zone is loaded, not only the port open. <c>status</c> and the dashboard both ask this way.
/// </summary>
public static class ZoneProbe
{
    /// <summary>Whether the server at <paramref name="server"/> answers for <paramref name="zone"/> within <paramref name="timeout"/> (UDP, TCP when truncated).</summary>
    public static async Task<bool> AnswersAsync(IPEndPoint server, string zone, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var client = new LookupClient(new LookupClientOptions(new NameServer(server))
        {
            Timeout = timeout,
            Retries = 0,
            UseCache = false,
            UseTcpFallback = true,
            ThrowDnsErrors = false,
        });
        try
        {
            var answer = await client.QueryAsync(zone, QueryType.SOA, QueryClass.IN, cancellationToken);
            return !answer.HasError && answer.Header.HasAuthorityAnswer && answer.Answers.SoaRecords().Any();
        }
        catch (DnsResponseException)
        {
            return false;
        }
    }
}

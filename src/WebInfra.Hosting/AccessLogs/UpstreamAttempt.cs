namespace WebInfra.Hosting.AccessLogs;

/// <summary>One try of a forwarded request on one backend member: what nginx logs as one item of <c>$upstream_addr</c>, <c>$upstream_status</c> and <c>$upstream_response_time</c>.</summary>
/// <param name="Member">The member tried, as the topology names it (<c>server-1/web</c>).</param>
/// <param name="Status">The status the attempt ended with: the member's, or the proxy's 502/504 when it failed.</param>
/// <param name="Elapsed">From sending the request to the member to the end of its response.</param>
public readonly record struct UpstreamAttempt(string Member, int Status, TimeSpan Elapsed);

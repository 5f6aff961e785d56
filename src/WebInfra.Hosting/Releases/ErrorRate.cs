namespace WebInfra.Hosting.Releases;

/// <summary>
/// The requests forwarded to some members and how many of them ended in a 5xx, over one observation: what a deploy's
/// canary is judged by. The canary fails when its share of 5xx is above the old members' share over the same window
/// (with no old member to compare with, above none): a release that answers worse than the one it replaces stops there.
/// </summary>
/// <param name="Requests">Attempts forwarded to the members.</param>
/// <param name="ServerErrors">Of those, the attempts that ended in a 5xx.</param>
public readonly record struct ErrorRate(long Requests, long ServerErrors)
{
    /// <summary>The share of 5xx, 0 when no request was forwarded.</summary>
    public double Share => Requests == 0 ? 0 : (double)ServerErrors / Requests;

    /// <summary>Whether this rate (the canary's) is above <paramref name="old"/> (the members still on the old release). No error is never above.</summary>
    public bool IsAbove(ErrorRate old) =>
        ServerErrors > 0 && (old.Requests == 0 || (decimal)ServerErrors * old.Requests > (decimal)old.ServerErrors * Requests);

    /// <summary>The requests and 5xx of these members and <paramref name="other"/> together.</summary>
    public ErrorRate Plus(ErrorRate other) => new(Requests + other.Requests, ServerErrors + other.ServerErrors);

    /// <summary>What was counted since <paramref name="before"/>; a forwarder that restarted meanwhile counts from zero.</summary>
    public ErrorRate Since(ErrorRate before) =>
        Requests < before.Requests ? this : new(Requests - before.Requests, ServerErrors - before.ServerErrors);
}

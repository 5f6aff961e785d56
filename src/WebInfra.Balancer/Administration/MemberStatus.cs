namespace WebInfra.Balancer.Administration;

/// <summary>One member of a backend as its balancer sees it.</summary>
/// <param name="Name">The member component's name, <c>server/kind</c>.</param>
/// <param name="Address">Where requests for it go.</param>
/// <param name="Weight">Its share of the traffic.</param>
/// <param name="Backup">True for a backup member, which serves only while no active member can.</param>
/// <param name="Health"><c>up</c>, <c>down</c>, or <c>unknown</c> before its first probe (it takes traffic then).</param>
/// <param name="Drained">True while an operator has drained it.</param>
/// <param name="Serving">True when new requests may go to it now.</param>
/// <param name="InFlight">Requests forwarded to it and not yet finished.</param>
public sealed record MemberStatus(string Name, string Address, int Weight, bool Backup, string Health, bool Drained, bool Serving, long InFlight)
{
    /// <summary>Attempts this component has forwarded to the member since it started.</summary>
    public long Forwarded { get; init; }

    /// <summary>Of <see cref="Forwarded"/>, those that ended in a 5xx (the member's own, or a failed attempt's 502, 503 or 504).</summary>
    public long ServerErrors { get; init; }

    /// <summary>The state in one word, as HAProxy's stats page shows it: DRAIN, DOWN, UP, or BACKUP for an idle backup.</summary>
    public string State => (Drained, Health, Backup, Serving) switch
    {
        (true, _, _, _) => "DRAIN",
        (_, "down", _, _) => "DOWN",
        (_, _, true, false) => "BACKUP",
        _ => "UP",
    };
}

namespace WebInfra.Hosting.Administration;

/// <summary>
/// What an admin credential may do. Ordered: a higher scope includes the lower ones, so the admin token also reads.
/// </summary>
public enum AdminScope
{
    /// <summary>Views that change nothing: <c>/backend</c>, <c>/cluster</c>, <c>/metrics</c> (Prometheus and the dashboard hold this one).</summary>
    Read = 1,

    /// <summary>Everything that changes state: drain, undrain, switchover, and every such endpoint added later (the CLI holds this one).</summary>
    Admin = 2,
}

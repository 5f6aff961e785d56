namespace WebInfra.Monitoring.Doctor;

/// <summary>How much a <see cref="Finding"/> matters; the order is the order <c>doctor</c> lists findings in.</summary>
public enum FindingSeverity
{
    /// <summary>The site stops, or loses data, when one thing fails: <c>doctor</c> exits 1 so that CI can refuse the topology.</summary>
    Error,

    /// <summary>A gap that costs safety or resilience but leaves the site serving.</summary>
    Warning,

    /// <summary>Worth knowing; a choice some sites make on purpose.</summary>
    Info,
}

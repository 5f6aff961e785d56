namespace WebInfra.Monitoring.Dashboard;

/// <summary>The colours of the topology picture, as words (the page's <c>data-state</c>).</summary>
internal static class ComponentStates
{
    /// <summary>Answers its health check and every forwarder to it takes it (green).</summary>
    public const string Up = "up";

    /// <summary>Answers, but a forwarder has ejected it, its metrics fail, or (a database node) it is out or lagging (amber).</summary>
    public const string Degraded = "degraded";

    /// <summary>An operator drained it: it gets no new requests (amber).</summary>
    public const string Drained = "drained";

    /// <summary>Its health check fails (red).</summary>
    public const string Down = "down";

    /// <summary>Not polled yet (grey).</summary>
    public const string Unknown = "unknown";
}

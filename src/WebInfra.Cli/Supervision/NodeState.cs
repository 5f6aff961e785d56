namespace WebInfra.Cli.Supervision;

/// <summary>How a node stands, as <c>status</c> reports it.</summary>
internal enum NodeState
{
    /// <summary>Its process runs and it answers its health check.</summary>
    Up,

    /// <summary>Its process runs but does not answer its health check (starting, stuck or overloaded).</summary>
    Unhealthy,

    /// <summary>No process: never started, stopped or killed.</summary>
    Down,
}

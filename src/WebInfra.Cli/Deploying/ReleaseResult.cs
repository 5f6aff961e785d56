namespace WebInfra.Cli.Deploying;

/// <summary>How a release's deploy, or a rollback to it, ended, as <c>deploy history</c> shows it.</summary>
internal enum ReleaseResult
{
    /// <summary>Still rolling out, or the command that rolled it out died on the way (its servers may be mixed).</summary>
    InProgress,

    /// <summary>Every server with a web or application server runs it (also the first release, made by <c>up</c>).</summary>
    Deployed,

    /// <summary>The first server failed its health checks or served more 5xx than the others, and went back by itself; no other server changed.</summary>
    RolledBackByCanary,

    /// <summary>A server after the canary failed and went back to its previous release; the servers before it run the new one.</summary>
    Failed,

    /// <summary>A rollback: every server returned to this release.</summary>
    RolledBackTo,
}

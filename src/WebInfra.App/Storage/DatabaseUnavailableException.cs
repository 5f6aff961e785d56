namespace WebInfra.App.Storage;

/// <summary>
/// Thrown when no database node can take a query: the primary is unreachable or none is writable (a failover in
/// progress), or a write's connection broke after it was sent so its outcome is unknown. Endpoints answer 503
/// with <c>Retry-After</c> (wait a moment and try again) rather than 500 (a bug). Replica failures never surface
/// as this: reads fall back to the primary first.
/// </summary>
internal sealed class DatabaseUnavailableException : Exception
{
    public DatabaseUnavailableException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}

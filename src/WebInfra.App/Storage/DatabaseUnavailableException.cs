namespace WebInfra.App.Storage;

/// <summary>
/// Thrown when the server a query needs cannot be reached, so that endpoints answer 503 (try again) rather
/// than 500 (a bug). Replica failures never surface as this: reads fall back to the primary first.
/// </summary>
internal sealed class DatabaseUnavailableException : Exception
{
    public DatabaseUnavailableException(DatabaseServer server, Exception innerException)
        : base($"Database server {server.Name} ({server.Role}) cannot be reached.", innerException)
    {
        Server = server.Name;
    }

    /// <summary>The address of the server that could not be reached.</summary>
    public string Server { get; }
}

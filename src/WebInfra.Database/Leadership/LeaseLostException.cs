namespace WebInfra.Database.Leadership;

/// <summary>This monitor's etcd lease is gone, or may be: it no longer leads, and campaigns again with a new lease.</summary>
internal sealed class LeaseLostException(string message) : Exception(message);

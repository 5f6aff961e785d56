namespace WebInfra.Hosting.Health;

/// <summary>
/// Something besides its own process a component needs before it takes work, such as the user's application an
/// application server runs as its child: <see cref="ComponentReadiness"/> is ready only while every condition is.
/// </summary>
public interface IReadinessCondition
{
    /// <summary>True while the condition holds.</summary>
    bool IsReady { get; }
}

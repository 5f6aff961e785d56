using WebInfra.Hosts.Loopback;

namespace WebInfra.Hosts;

/// <summary>The kinds of host WebInfra knows, by the name the topology and the run state give them.</summary>
public static class HostDrivers
{
    /// <summary>The kind of host every site has unless its topology says otherwise.</summary>
    public const string Default = LoopbackHostDriver.Kind;

    /// <summary>The driver for the kind of host named <paramref name="kind"/>.</summary>
    /// <exception cref="ArgumentException">WebInfra has no such kind of host.</exception>
    public static IHostDriver For(string kind) => kind switch
    {
        LoopbackHostDriver.Kind => new LoopbackHostDriver(),
        _ => throw new ArgumentException($"no kind of host is named '{kind}' (known: {LoopbackHostDriver.Kind})", nameof(kind)),
    };
}

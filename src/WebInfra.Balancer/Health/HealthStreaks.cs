using System.Runtime.CompilerServices;
using Yarp.ReverseProxy.Model;

namespace WebInfra.Balancer.Health;

/// <summary>
/// Each destination's <see cref="ProbeStreak"/>, shared by the active probes and the passive error count so that
/// both move one rise/fall state: a destination the requests took out needs the probes' <c>rise</c> to come back.
/// </summary>
internal sealed class HealthStreaks
{
    // Keyed on the state object, which YARP keeps for as long as the destination exists.
    private readonly ConditionalWeakTable<DestinationState, ProbeStreak> _streaks = [];

    public ProbeStreak For(DestinationState destination) => _streaks.GetOrCreateValue(destination);
}

using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;
using WebInfra.Hosting.Reloading;

namespace WebInfra.Hosting.Security;

/// <summary>
/// Applies a reloaded topology's <c>limits</c> sizes to Kestrel's limits, which Kestrel reads for each new connection
/// and request; the rate limiter is built at start, and <c>reload</c> refuses a change of it.
/// </summary>
internal sealed class RequestLimitsReload(IOptions<KestrelServerOptions> kestrel) : IReloadable
{
    public void Reload(ComponentContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        kestrel.Value.Limits.Apply(context.Topology.Limits);
    }
}

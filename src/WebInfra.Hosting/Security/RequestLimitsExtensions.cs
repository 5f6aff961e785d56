using System.Globalization;
using System.Net;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using WebInfra.Topology.Model;

namespace WebInfra.Hosting.Security;

/// <summary>
/// Applies the topology's <c>limits</c>: sizes through Kestrel's own limits, which answer 431, 414 and 413 before the
/// request reaches any middleware, and the per-client rate through ASP.NET Core's rate limiter at the entry point.
/// </summary>
public static class RequestLimitsExtensions
{
    /// <summary>Sets Kestrel's header, request-line and body limits.</summary>
    public static KestrelServerLimits Apply(this KestrelServerLimits kestrel, RequestLimits limits)
    {
        ArgumentNullException.ThrowIfNull(kestrel);
        ArgumentNullException.ThrowIfNull(limits);
        kestrel.MaxRequestHeadersTotalSize = limits.HeaderSize;
        kestrel.MaxRequestHeaderCount = limits.HeaderCount;
        kestrel.MaxRequestLineSize = limits.UriLength;
        kestrel.MaxRequestBodySize = limits.BodySize;
        return kestrel;
    }

    /// <summary>Registers the per-client rate limit when this component is the site's entry point and the topology sets one.</summary>
    public static IServiceCollection AddRequestLimits(this IServiceCollection services, ComponentContext context)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (EntryRate(context) is { } rate)
        {
            services.AddRateLimiter(options => Configure(options, rate));
        }

        return services;
    }

    /// <summary>Refuses requests with ambiguous framing, and, at a rate-limited entry point, clients above the rate with 429.</summary>
    public static IApplicationBuilder UseRequestLimits(this IApplicationBuilder app, ComponentContext context)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseMiddleware<AmbiguousFramingMiddleware>();
        return EntryRate(context) is null ? app : app.UseRateLimiter();
    }

    /// <summary>
    /// The rate this component enforces: only the entry point sees clients' own addresses; behind it every request
    /// comes from a balancer.
    /// </summary>
    private static RateLimitSettings? EntryRate(ComponentContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Component == context.Topology.EntryPoint ? context.Topology.Limits.Rate : null;
    }

    private static void Configure(RateLimiterOptions options, RateLimitSettings rate)
    {
        options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, IPAddress>(context => RateLimitPartition.GetTokenBucketLimiter(
            context.Connection.RemoteIpAddress ?? IPAddress.None,
            _ => new TokenBucketRateLimiterOptions
            {
                TokenLimit = rate.Burst,
                TokensPerPeriod = rate.Requests,
                ReplenishmentPeriod = rate.Per,
                QueueLimit = 0,
                AutoReplenishment = true,
            }));
        options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
        options.OnRejected = (rejected, cancellationToken) =>
        {
            var response = rejected.HttpContext.Response;
            var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : rate.Per;
            response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            response.ContentType = "text/plain; charset=utf-8";
            return new ValueTask(response.WriteAsync("too many requests from this address; slow down\n", cancellationToken));
        };
    }
}

using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Net.Http.Headers;
using WebInfra.Hosting.Logging;

namespace WebInfra.Hosting.Administration;

/// <summary>
/// The one place every admin listener authenticates its callers, after routing and before any admin endpoint runs:
/// <c>Authorization: Bearer TOKEN</c> with the site's admin or read token. No or a wrong token: 401 with no detail, and
/// nothing runs; a read token on an endpoint that needs <see cref="AdminScope.Admin"/>: 403; repeated failures from one
/// source: 429 (<see cref="AuthenticationFailureLimiter"/>). The firewall is not trusted for this: operators and the
/// monitor share addresses with whatever else runs there.
/// </summary>
/// <remarks>
/// <para>
/// An endpoint states its scope with <see cref="AdminScopeEndpointExtensions.RequireAdminScope{TBuilder}"/>; one that
/// states none, and a path no endpoint takes, needs <see cref="AdminScope.Read"/> (the fallback), so forgetting is safe.
/// Only endpoints marked <see cref="IAllowAnonymous"/> (<c>/healthz</c>, which balancers probe) are open.
/// </para>
/// <para>
/// Not ASP.NET Core's <c>AuthenticationHandler</c> and authorization policies: registering their services makes
/// <c>WebApplication</c> insert both middlewares at the head of every component's public pipeline too (YARP already
/// brings authorization's), where a fallback policy would lock the site itself out, while the admin listener is a branch
/// of that pipeline. This middleware runs in the branch only, so the site's requests never pay for it.
/// </para>
/// </remarks>
internal sealed partial class AdminAuthenticationMiddleware(
    RequestDelegate next,
    AdminCredentialsFile credentials,
    AuthenticationFailureLimiter limiter,
    ILogger<AdminAuthenticationMiddleware> logger)
{
    private const string Scheme = "Bearer";

    public Task InvokeAsync(HttpContext context)
    {
        var endpoint = context.GetEndpoint();
        if (endpoint?.Metadata.GetMetadata<IAllowAnonymous>() is not null)
        {
            return next(context);
        }

        var required = endpoint?.Metadata.GetMetadata<AdminScopeRequirement>()?.Scope ?? AdminScope.Read;
        var granted = TokenOf(context.Request) is { } token ? credentials.Digests?.ScopeOf(token) : null;
        if (granted is null)
        {
            return Refuse(context);
        }

        if (granted < required)
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            return Task.CompletedTask;
        }

        return next(context);
    }

    private Task Refuse(HttpContext context)
    {
        var source = context.Connection.RemoteIpAddress;
        var verdict = limiter.Fail(source);
        if (verdict.Limited)
        {
            if (verdict.FirstLimited)
            {
                Log.FailuresLimited(logger, source ?? IPAddress.None, AuthenticationFailureLimiter.Burst, context.Connection.LocalPort);
            }

            context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
            context.Response.Headers.RetryAfter = Math.Ceiling(verdict.RetryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture);
            return Task.CompletedTask;
        }

        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        context.Response.Headers.WWWAuthenticate = Scheme;
        return Task.CompletedTask;
    }

    private static string? TokenOf(HttpRequest request)
    {
        var header = request.Headers[HeaderNames.Authorization];
        if (header.Count != 1 || header[0] is not { } value
            || value.Length <= Scheme.Length + 1
            || !value.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase)
            || value[Scheme.Length] != ' ')
        {
            return null;
        }

        return value[(Scheme.Length + 1)..].Trim();
    }

    private static partial class Log
    {
        [LoggerMessage(EventIds.AdminFailuresLimited, LogLevel.Warning,
            "Admin listener :{Port}: {Source} failed to authenticate more than {Burst} times; its failures are answered 429 until it stops (logged once)")]
        public static partial void FailuresLimited(ILogger logger, IPAddress source, int burst, int port);
    }
}

using Microsoft.AspNetCore.Http;

namespace WebInfra.Hosting.Routing;

/// <summary>
/// Puts this node's name in front of <c>X-Served-By</c>, so a response that passed through the balancer, a web
/// server and an application server reads <c>lb-01/balancer, server-1/web, server-1/app</c>. The upstream's value
/// is already on the response when it starts, because the proxy copies upstream headers first.
/// </summary>
public sealed class ServedByMiddleware
{
    /// <summary>The header's name.</summary>
    public const string HeaderName = "X-Served-By";

    private static readonly Func<object, Task> s_onStarting = static state =>
    {
        var (context, name) = ((HttpContext, string))state;
        var headers = context.Response.Headers;
        var upstream = headers[HeaderName];
        headers[HeaderName] = upstream.Count == 0 ? name : $"{name}, {upstream}";
        return Task.CompletedTask;
    };

    private readonly RequestDelegate _next;
    private readonly string _name;

    /// <summary>Creates the middleware for this component.</summary>
    public ServedByMiddleware(RequestDelegate next, ComponentContext component)
    {
        ArgumentNullException.ThrowIfNull(component);
        _next = next;
        _name = component.Component.Name;
    }

    /// <summary>Registers the header for when the response starts, then runs the rest of the pipeline.</summary>
    public Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Response.OnStarting(s_onStarting, (context, _name));
        return _next(context);
    }
}

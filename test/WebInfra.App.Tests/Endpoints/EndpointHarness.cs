using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace WebInfra.App.Tests.Endpoints;

/// <summary>
/// Runs the message board's handlers on in-memory requests, with the real services but a database that is
/// never reached: every case here is answered before a query would run.
/// </summary>
internal sealed class EndpointHarness : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    public EndpointHarness()
    {
        _services = new ServiceCollection()
            .AddLogging()
            .AddMessageBoard(options =>
            {
                options.DatabaseNodes = ["Server=127.0.0.1;Port=1;Connection Timeout=1"];
                options.SiteName = "www.foobar.com";
            })
            .BuildServiceProvider();
    }

    public T Get<T>()
        where T : notnull => _services.GetRequiredService<T>();

    public DefaultHttpContext Request(string method, string? contentType = null, byte[]? body = null, bool sendLength = true)
    {
        var context = new DefaultHttpContext { RequestServices = _services };
        context.Request.Method = method;
        context.Request.ContentType = contentType;
        if (body is not null)
        {
            context.Request.Body = new MemoryStream(body);
            context.Request.ContentLength = sendLength ? body.Length : null;
        }

        context.Response.Body = new MemoryStream();
        return context;
    }

    public static string ResponseText(HttpContext context) =>
        Encoding.UTF8.GetString(((MemoryStream)context.Response.Body).ToArray());

    public static JsonElement ResponseJson(HttpContext context) => JsonDocument.Parse(ResponseText(context)).RootElement;

    public ValueTask DisposeAsync() => _services.DisposeAsync();
}

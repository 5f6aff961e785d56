using System.Net;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using WebInfra.Hosting.Administration;

namespace WebInfra.Hosting.Tests.Administration;

public sealed class AdminAuthenticationMiddlewareTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();
    private readonly AdminCredentials _credentials;
    private readonly AdminAuthenticationMiddleware _middleware;
    private int _served;

    public AdminAuthenticationMiddlewareTests()
    {
        var path = AdminCredentials.PathIn(_directory.Path);
        _credentials = AdminCredentials.LoadOrCreate(path);
        _middleware = new AdminAuthenticationMiddleware(
            _ =>
            {
                _served++;
                return Task.CompletedTask;
            },
            new AdminCredentialsFile(path),
            new AuthenticationFailureLimiter(new FakeTimeProvider()),
            NullLogger<AdminAuthenticationMiddleware>.Instance);
    }

    [Theory]
    [InlineData(AdminScope.Read, "read", StatusCodes.Status200OK)]
    [InlineData(AdminScope.Read, "admin", StatusCodes.Status200OK)]
    [InlineData(AdminScope.Admin, "read", StatusCodes.Status403Forbidden)]
    [InlineData(AdminScope.Admin, "admin", StatusCodes.Status200OK)]
    [InlineData(AdminScope.Admin, "none", StatusCodes.Status401Unauthorized)]
    [InlineData(AdminScope.Read, "wrong", StatusCodes.Status401Unauthorized)]
    public async Task Endpoint_runs_only_for_a_token_of_its_scope(AdminScope scope, string token, int status)
    {
        var context = Request(new AdminScopeRequirement(scope), Bearer(token));

        await _middleware.InvokeAsync(context);

        Assert.Equal(status, context.Response.StatusCode);
        Assert.Equal(status == StatusCodes.Status200OK ? 1 : 0, _served);
    }

    [Fact]
    public async Task Endpoint_that_declares_no_scope_needs_the_read_token()
    {
        var anonymous = Request(metadata: null, authorization: null);
        var reader = Request(metadata: null, Bearer("read"));

        await _middleware.InvokeAsync(anonymous);
        await _middleware.InvokeAsync(reader);

        Assert.Equal(StatusCodes.Status401Unauthorized, anonymous.Response.StatusCode);
        Assert.Equal("Bearer", anonymous.Response.Headers.WWWAuthenticate.ToString());
        Assert.Equal(1, _served);
    }

    [Fact]
    public async Task Path_no_endpoint_takes_needs_the_read_token_too()
    {
        var context = new DefaultHttpContext();

        await _middleware.InvokeAsync(context);

        Assert.Equal(StatusCodes.Status401Unauthorized, context.Response.StatusCode);
    }

    [Fact]
    public async Task Anonymous_endpoint_runs_without_a_token()
    {
        var context = Request(new AllowAnonymousAttribute(), authorization: null);

        await _middleware.InvokeAsync(context);

        Assert.Equal(1, _served);
    }

    [Theory]
    [InlineData("Basic dXNlcjpwYXNz")]
    [InlineData("Bearer")]
    [InlineData("Bearer ")]
    [InlineData("Bearerx TOKEN")]
    public async Task Other_schemes_and_empty_tokens_are_refused(string authorization)
    {
        var context = Request(new AdminScopeRequirement(AdminScope.Read), authorization);

        await _middleware.InvokeAsync(context);

        Assert.Equal(StatusCodes.Status401Unauthorized, context.Response.StatusCode);
    }

    [Fact]
    public async Task Scheme_name_is_case_insensitive()
    {
        var context = Request(new AdminScopeRequirement(AdminScope.Read), "bearer " + _credentials.ReadToken);

        await _middleware.InvokeAsync(context);

        Assert.Equal(1, _served);
    }

    [Fact]
    public async Task Failures_past_the_burst_get_429_with_retry_after_while_a_valid_token_still_passes()
    {
        var statuses = new List<int>();
        for (var i = 0; i <= AuthenticationFailureLimiter.Burst; i++)
        {
            var failed = Request(new AdminScopeRequirement(AdminScope.Read), Bearer("wrong"));
            await _middleware.InvokeAsync(failed);
            statuses.Add(failed.Response.StatusCode);
            if (i == AuthenticationFailureLimiter.Burst)
            {
                Assert.Equal("6", failed.Response.Headers.RetryAfter.ToString());
            }
        }

        var valid = Request(new AdminScopeRequirement(AdminScope.Read), Bearer("read"));
        await _middleware.InvokeAsync(valid);

        Assert.Equal([.. Enumerable.Repeat(401, AuthenticationFailureLimiter.Burst), 429], statuses);
        Assert.Equal(StatusCodes.Status200OK, valid.Response.StatusCode);
    }

    private string? Bearer(string which) => which switch
    {
        "read" => "Bearer " + _credentials.ReadToken,
        "admin" => "Bearer " + _credentials.AdminToken,
        "wrong" => "Bearer " + _credentials.AdminToken + "x",
        _ => null,
    };

    private static DefaultHttpContext Request(object? metadata, string? authorization)
    {
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = IPAddress.Parse("127.0.26.99");
        context.SetEndpoint(new Endpoint(_ => Task.CompletedTask, metadata is null ? EndpointMetadataCollection.Empty : new EndpointMetadataCollection(metadata), "test"));
        if (authorization is not null)
        {
            context.Request.Headers.Authorization = authorization;
        }

        return context;
    }

    public void Dispose() => _directory.Dispose();
}

using System.Text;
using System.Text.Json;
using WebInfra.App.Endpoints;

namespace WebInfra.App.Tests.Endpoints;

public sealed class PostApiEndpointsTests : IAsyncLifetime
{
    private readonly EndpointHarness _harness = new();

    [Theory]
    [InlineData(null)]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    public async Task Post_that_is_not_json_gets_415_problem(string? contentType)
    {
        var context = _harness.Request("POST", contentType, Encoding.UTF8.GetBytes("""{"author": "Ada", "body": "Hi"}"""));

        await Api.CreateAsync(context);

        AssertProblem(context, 415, "Unsupported media type");
    }

    [Fact]
    public async Task Json_with_a_charset_or_a_json_suffix_is_accepted_as_json()
    {
        var context = _harness.Request("POST", "application/merge-patch+json; charset=utf-8", Encoding.UTF8.GetBytes("{}"));

        await Api.CreateAsync(context);

        Assert.Equal(400, context.Response.StatusCode);
    }

    [Fact]
    public async Task Declared_body_over_16_KiB_gets_413_before_it_is_read()
    {
        var context = _harness.Request("POST", "application/json", new byte[10]);
        context.Request.ContentLength = (16 * 1024) + 1;

        await Api.CreateAsync(context);

        AssertProblem(context, 413, "Request body too large");
        Assert.Equal(0, context.Request.Body.Position);
    }

    [Fact]
    public async Task Chunked_body_over_16_KiB_gets_413()
    {
        var body = Encoding.UTF8.GetBytes($$"""{"author": "Ada", "body": "{{new string('x', 16 * 1024)}}"}""");
        var context = _harness.Request("POST", "application/json", body, sendLength: false);

        await Api.CreateAsync(context);

        AssertProblem(context, 413, "Request body too large");
    }

    [Fact]
    public async Task Body_of_exactly_16_KiB_is_read_and_validated()
    {
        var json = $$"""{"author": "Ada", "body": "{{new string('x', 2001)}}"}""";
        var body = Encoding.UTF8.GetBytes(json.PadRight(RequestBody.MaxBytes));
        var context = _harness.Request("POST", "application/json", body, sendLength: false);

        await Api.CreateAsync(context);

        Assert.Equal(400, context.Response.StatusCode);
        Assert.Equal(
            "The body must be at most 2000 characters; it has 2001.",
            EndpointHarness.ResponseJson(context).GetProperty("errors").GetProperty("body")[0].GetString());
    }

    [Fact]
    public async Task Malformed_json_gets_400_problem_with_its_position()
    {
        var context = _harness.Request("POST", "application/json", Encoding.UTF8.GetBytes("{\"author\": \"Ada\" \"body\": 1}"));

        await Api.CreateAsync(context);

        var problem = AssertProblem(context, 400, "Malformed request body");
        Assert.StartsWith("The request body is not valid JSON at line 1, position 18 ", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invalid_fields_and_unknown_properties_get_400_validation_problem()
    {
        var context = _harness.Request("POST", "application/json", Encoding.UTF8.GetBytes("""{"author": "", "body": "Hi", "admin": true}"""));

        await Api.CreateAsync(context);

        var errors = AssertProblem(context, 400, "One or more validation errors occurred.").GetProperty("errors");
        Assert.Equal(["admin", "author"], errors.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal(JsonValueKind.Array, errors.GetProperty("admin").ValueKind);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("ten")]
    [InlineData("101")]
    public async Task List_with_a_bad_limit_gets_400_naming_limit(string limit)
    {
        var context = _harness.Request("GET");
        context.Request.QueryString = new Microsoft.AspNetCore.Http.QueryString("?limit=" + limit);

        await Api.ListAsync(context);

        var errors = AssertProblem(context, 400, "One or more validation errors occurred.").GetProperty("errors");
        Assert.Equal("The limit must be a whole number from 1 to 100.", errors.GetProperty("limit")[0].GetString());
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("0")]
    [InlineData("-3")]
    [InlineData("18446744073709551616")]
    public async Task Get_with_a_bad_id_gets_400_naming_id(string id)
    {
        var context = _harness.Request("GET");
        context.Request.RouteValues["id"] = id;

        await Api.GetAsync(context);

        var errors = AssertProblem(context, 400, "One or more validation errors occurred.").GetProperty("errors");
        Assert.True(errors.TryGetProperty("id", out _));
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _harness.DisposeAsync().AsTask();

    private PostApiEndpoints Api => _harness.Get<PostApiEndpoints>();

    private static JsonElement AssertProblem(Microsoft.AspNetCore.Http.HttpContext context, int status, string title)
    {
        Assert.Equal(status, context.Response.StatusCode);
        Assert.Equal("application/problem+json", context.Response.ContentType);
        var problem = EndpointHarness.ResponseJson(context);
        Assert.Equal(status, problem.GetProperty("status").GetInt32());
        Assert.Equal(title, problem.GetProperty("title").GetString());
        return problem;
    }
}

using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using WebInfra.App.Posts;
using WebInfra.App.Serialization;

namespace WebInfra.App.Tests.Serialization;

public sealed class MessageBoardJsonContextTests
{
    private static readonly DateTime s_createdAt = new DateTime(2026, 3, 4, 5, 6, 7, DateTimeKind.Utc).AddTicks(1234560);

    [Fact]
    public async Task Post_is_written_camel_case_with_a_utc_timestamp()
    {
        var json = await WriteAsync(new Post(7, "Ada", "Hi\nthere", s_createdAt), MessageBoardJsonContext.Default.Post);

        Assert.Equal("""{"id":7,"author":"Ada","body":"Hi\nthere","createdAt":"2026-03-04T05:06:07.123456Z"}""", json);
    }

    [Fact]
    public async Task Post_list_is_written_as_an_array_in_the_order_given()
    {
        IReadOnlyList<Post> posts = [new Post(2, "Eve", "b", s_createdAt), new Post(1, "Ada", "a", s_createdAt)];

        var json = await WriteAsync(posts, MessageBoardJsonContext.Default.IReadOnlyListPost);

        Assert.StartsWith("""[{"id":2,"author":"Eve",""", json, StringComparison.Ordinal);
        Assert.Contains("""},{"id":1,"author":"Ada",""", json, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Markup_in_a_post_is_escaped_in_json()
    {
        var json = await WriteAsync(new Post(1, "<b>", "</script>", s_createdAt), MessageBoardJsonContext.Default.Post);

        Assert.DoesNotContain("<", json, StringComparison.Ordinal);
    }

    // Writes the way the endpoints do (an IResult on a response pipe), which is the path that needs the generated metadata.
    private static async Task<string> WriteAsync<T>(T value, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> typeInfo)
    {
        await using var services = new ServiceCollection().AddLogging().BuildServiceProvider();
        var context = new DefaultHttpContext { RequestServices = services };
        var body = new MemoryStream();
        context.Response.Body = body;

        await TypedResults.Json(value, typeInfo).ExecuteAsync(context);

        Assert.Equal("application/json; charset=utf-8", context.Response.ContentType);
        return Encoding.UTF8.GetString(body.ToArray());
    }
}

using System.Buffers;
using System.Text;
using WebInfra.App.Endpoints;

namespace WebInfra.App.Tests.Endpoints;

public sealed class BoardPageEndpointsTests : IAsyncLifetime
{
    private readonly EndpointHarness _harness = new();

    [Theory]
    [InlineData("application/json")]
    [InlineData("multipart/form-data; boundary=x")]
    [InlineData(null)]
    public async Task Form_post_that_is_not_url_encoded_gets_415(string? contentType)
    {
        var context = _harness.Request("POST", contentType, Encoding.UTF8.GetBytes("author=Ada&body=Hi"));

        await Page.PostAsync(context);

        Assert.Equal(415, context.Response.StatusCode);
        Assert.Equal("application/problem+json", context.Response.ContentType);
    }

    [Fact]
    public async Task Form_post_over_16_KiB_gets_413()
    {
        var context = _harness.Request("POST", "application/x-www-form-urlencoded", Encoding.UTF8.GetBytes("author=Ada&body=" + new string('x', 16 * 1024)), sendLength: false);

        await Page.PostAsync(context);

        Assert.Equal(413, context.Response.StatusCode);
    }

    [Fact]
    public void Form_with_thousands_of_fields_is_read_rather_than_failing()
    {
        var form = BoardPageEndpoints.ReadForm(new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("a=1&", 4000)) + "author=Ada")));

        Assert.Equal(4000, form["a"].Count);
        Assert.Equal("Ada", form["author"]);
    }

    [Fact]
    public void Form_is_decoded_as_utf8_with_plus_as_space()
    {
        var form = BoardPageEndpoints.ReadForm(new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes("author=Zo%C3%AB+J&body=a%0D%0Ab%3Cc%3E")));

        Assert.Equal("Zoë J", form["author"]);
        Assert.Equal("a\r\nb<c>", form["body"]);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _harness.DisposeAsync().AsTask();

    private BoardPageEndpoints Page => _harness.Get<BoardPageEndpoints>();
}

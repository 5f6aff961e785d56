using System.Text;
using WebInfra.Balancer.Forwarding;

namespace WebInfra.Balancer.Tests.Forwarding;

public sealed class ReplayableRequestBodyTests
{
    [Fact]
    public async Task Body_read_within_the_limit_is_replayed_from_its_first_byte()
    {
        using var body = new ReplayableRequestBody(new MemoryStream(Encoding.ASCII.GetBytes("hello, world")), limit: 64);

        Assert.Equal("hello, world", await ReadAllAsync(body));
        Assert.True(body.Rewind());
        Assert.Equal("hello, world", await ReadAllAsync(body));
    }

    [Fact]
    public async Task Body_read_in_part_is_replayed_then_continued_from_the_client()
    {
        using var body = new ReplayableRequestBody(new MemoryStream(Encoding.ASCII.GetBytes("hello, world")), limit: 64);
        var first = new byte[5];
        await body.ReadExactlyAsync(first);

        Assert.True(body.Rewind());

        Assert.Equal("hello, world", await ReadAllAsync(body));
    }

    [Fact]
    public async Task Body_never_read_can_be_replayed_whatever_its_size()
    {
        using var body = new ReplayableRequestBody(new MemoryStream(new byte[1024]), limit: 16);

        Assert.True(body.Rewind());
        Assert.Equal(1024, (await ReadAllAsync(body)).Length);
    }

    [Fact]
    public async Task Body_read_past_the_limit_cannot_be_replayed()
    {
        using var body = new ReplayableRequestBody(new MemoryStream(new byte[1024]), limit: 16);

        await ReadAllAsync(body);

        Assert.False(body.Rewind());
    }

    private static async Task<string> ReadAllAsync(Stream body)
    {
        using var reader = new StreamReader(body, Encoding.ASCII, leaveOpen: true);
        return await reader.ReadToEndAsync();
    }
}

using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;
using WebInfra.App.Endpoints;

namespace WebInfra.App.Tests.Endpoints;

public sealed class ReadYourWritesTests
{
    [Fact]
    public void Write_hands_its_gtid_back_in_a_header_and_a_short_lived_http_only_cookie()
    {
        var context = new DefaultHttpContext();

        ReadYourWrites.Remember(context.Response, "0-1-42");

        Assert.Equal("0-1-42", context.Response.Headers["X-WebInfra-Gtid"].ToString());
        var cookie = SetCookieHeaderValue.Parse(context.Response.Headers.SetCookie.ToString());
        Assert.Equal("webinfra_gtid", cookie.Name.ToString());
        Assert.Equal("0-1-42", cookie.Value.ToString());
        Assert.Equal("/", cookie.Path.ToString());
        Assert.True(cookie.HttpOnly);
        Assert.Equal(Microsoft.Net.Http.Headers.SameSiteMode.Lax, cookie.SameSite);
        Assert.Equal(TimeSpan.FromSeconds(60), cookie.MaxAge);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not-a-gtid")]
    public void Write_without_a_valid_gtid_sets_neither_header_nor_cookie(string? gtid)
    {
        var context = new DefaultHttpContext();

        ReadYourWrites.Remember(context.Response, gtid);

        Assert.False(context.Response.Headers.ContainsKey("X-WebInfra-Gtid"));
        Assert.False(context.Response.Headers.ContainsKey(HeaderNames.SetCookie));
    }

    [Fact]
    public void Read_takes_the_gtid_from_the_cookie()
    {
        Assert.Equal("0-1-42", ReadYourWrites.From(Request(cookie: "0-1-42")));
    }

    [Fact]
    public void Read_prefers_a_valid_header_to_the_cookie()
    {
        Assert.Equal("0-2-7,1-2-3", ReadYourWrites.From(Request(header: "0-2-7,1-2-3", cookie: "0-1-42")));
    }

    [Fact]
    public void Malformed_header_falls_back_to_the_cookie()
    {
        Assert.Equal("0-1-42", ReadYourWrites.From(Request(header: "1; SELECT 1", cookie: "0-1-42")));
    }

    [Theory]
    [InlineData("0-1-42' OR 1=1")]
    [InlineData("0-1")]
    [InlineData("")]
    public void Malformed_cookie_is_ignored_as_if_absent(string cookie)
    {
        Assert.Null(ReadYourWrites.From(Request(cookie: cookie)));
    }

    [Fact]
    public void Read_without_header_or_cookie_has_no_gtid()
    {
        Assert.Null(ReadYourWrites.From(Request()));
    }

    private static HttpRequest Request(string? header = null, string? cookie = null)
    {
        var context = new DefaultHttpContext();
        if (header is not null)
        {
            context.Request.Headers["X-WebInfra-Gtid"] = header;
        }

        if (cookie is not null)
        {
            context.Request.Headers.Cookie = $"webinfra_gtid={Uri.EscapeDataString(cookie)}";
        }

        return context.Request;
    }
}

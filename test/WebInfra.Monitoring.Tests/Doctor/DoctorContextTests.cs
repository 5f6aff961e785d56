using System.Net;
using WebInfra.Monitoring.Doctor;

namespace WebInfra.Monitoring.Tests.Doctor;

public sealed class DoctorContextTests
{
    private readonly DoctorContext _context = new(TopologyText.Load(TopologyText.Redundant));

    [Theory]
    [InlineData("web-1", "web-3")]
    [InlineData("lb-01", "lb-03")]
    [InlineData("db-0", "db-3")]
    [InlineData("edge", "edge-2")]
    public void New_server_name_continues_the_numbering_past_names_in_use(string like, string expected)
    {
        Assert.Equal(expected, _context.NewServerName(like));
    }

    [Fact]
    public void New_server_name_passes_over_names_already_proposed()
    {
        Assert.Equal("db-4", _context.NewServerName("db-0", ["db-3"]));
    }

    [Fact]
    public void One_new_server_keeps_its_address_and_two_never_share_one()
    {
        var near = IPAddress.Parse("10.0.0.1");

        var first = _context.NewServer("x-1", near, "app: { port: 1 }");
        var again = _context.NewServer("x-1", near, "web: { port: 2 }");
        var second = _context.NewServer("x-2", near, "app: { port: 1 }");

        Assert.Contains("address: 10.0.0.4", first, StringComparison.Ordinal);
        Assert.Contains("address: 10.0.0.4", again, StringComparison.Ordinal);
        Assert.Contains("address: 10.0.0.5", second, StringComparison.Ordinal);
    }
}

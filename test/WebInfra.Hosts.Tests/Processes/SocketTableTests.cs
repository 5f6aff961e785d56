using System.Net;
using WebInfra.Hosts.Processes;

namespace WebInfra.Hosts.Tests.Processes;

public sealed class SocketTableTests
{
    private static readonly IPAddress s_server = IPAddress.Parse("10.77.0.1");

    [Theory]
    [InlineData("LISTEN 0      511       10.77.0.1:8081      0.0.0.0:*")]
    [InlineData("LISTEN 0      4096        0.0.0.0:8081      0.0.0.0:*")]
    [InlineData("LISTEN 0      4096              *:8081            *:*")]
    [InlineData("LISTEN 0      4096           [::]:8081         [::]:*")]
    [InlineData("LISTEN 0      511  10.77.0.1%eth0:8081      0.0.0.0:*")]
    public void A_socket_on_the_servers_address_or_any_takes_its_port(string line) =>
        Assert.True(SocketTable.Takes(line + "\n", s_server, 8081));

    [Theory]
    [InlineData("LISTEN 0      511       10.77.0.2:8081      0.0.0.0:*")]
    [InlineData("LISTEN 0      511       10.77.0.1:18081     0.0.0.0:*")]
    [InlineData("LISTEN 0      511      110.77.0.1:8081      0.0.0.0:*")]
    [InlineData("")]
    public void A_socket_on_another_address_or_port_does_not(string line) =>
        Assert.False(SocketTable.Takes(line, s_server, 8081));

    [Fact]
    public void The_command_asks_ss_for_the_port_alone() =>
        Assert.Equal(["ss", "-Hltn", "sport = :8081"], SocketTable.ListeningOn(8081));
}

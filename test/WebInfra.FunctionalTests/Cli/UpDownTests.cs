using System.Net;
using System.Net.Sockets;
using WebInfra.FunctionalTests.Infrastructure;

namespace WebInfra.FunctionalTests.Cli;

/// <summary>The one-server design brought up and down again: <c>down</c> must leave nothing behind.</summary>
public sealed class UpDownTests
{
    [Fact]
    public async Task Down_stops_every_process_and_frees_every_port()
    {
        var site = await TestSite.StartAsync(TestTopologies.OneServer);
        int[] pids;
        try
        {
            using var status = await site.StatusAsync();
            pids = [.. status.RootElement.GetProperty("nodes").EnumerateArray().Select(n => n.GetProperty("pid").GetInt32())];
            Assert.Equal(3, pids.Length);
            Assert.All(pids, pid => Assert.True(Directory.Exists($"/proc/{pid}"), $"pid {pid} runs"));

            using var response = await site.GetAsync("/api/posts");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(["server-1/web", "server-1/app"], TestSite.ServedBy(response));
        }
        finally
        {
            await site.DisposeAsync();
        }

        Assert.All(pids, pid => Assert.False(ProcessState.IsRunning(pid), $"pid {pid} is still running after down"));
        Assert.False(Directory.Exists(site.StateDirectory), "down --purge deletes the run state");
        foreach (var port in new[] { 18081, 18082, 13306 })
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            socket.Bind(new IPEndPoint(IPAddress.Parse("127.0.3.1"), port));
        }
    }
}

using System.Net.Sockets;
using WebInfra.Balancer.Forwarding;
using Yarp.ReverseProxy.Forwarder;

namespace WebInfra.Balancer.Tests.Forwarding;

public sealed class ForwardingFailureTests
{
    [Fact]
    public void Refused_connection_is_a_connect_failure()
    {
        var error = Error(ForwarderError.Request, new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused", new SocketException((int)SocketError.ConnectionRefused)));

        Assert.True(ForwardingFailure.IsConnectFailure(error));
        Assert.True(ForwardingFailure.IsTransportFailure(error));
    }

    [Fact]
    public void Connect_timeout_is_a_connect_failure_but_a_slow_server_is_not()
    {
        var connectTimeout = Error(ForwarderError.RequestTimedOut, new TaskCanceledException("The connection attempt timed out", new TimeoutException()));
        var slowServer = Error(ForwarderError.RequestTimedOut, new TaskCanceledException("The operation was canceled."));

        Assert.True(ForwardingFailure.IsConnectFailure(connectTimeout));
        Assert.False(ForwardingFailure.IsConnectFailure(slowServer));
        Assert.False(ForwardingFailure.IsTransportFailure(slowServer));
    }

    [Fact]
    public void Reset_before_the_response_is_a_transport_failure_that_may_have_reached_the_server()
    {
        var error = Error(ForwarderError.Request, new HttpRequestException(HttpRequestError.Unknown, "An error occurred while sending the request.",
            new IOException("Connection reset by peer", new SocketException((int)SocketError.ConnectionReset))));

        Assert.False(ForwardingFailure.IsConnectFailure(error));
        Assert.True(ForwardingFailure.IsTransportFailure(error));
    }

    [Theory]
    [InlineData(ForwarderError.RequestCanceled)]
    [InlineData(ForwarderError.ResponseBodyClient)]
    [InlineData(ForwarderError.NoAvailableDestinations)]
    public void Client_side_and_capacity_errors_are_not_member_failures(ForwarderError kind) =>
        Assert.False(ForwardingFailure.IsTransportFailure(Error(kind, new OperationCanceledException())));

    private static ErrorFeature Error(ForwarderError error, Exception exception) => new(error, exception);

    /// <summary>The feature YARP sets on a failed request; its own implementation is internal.</summary>
    private sealed record ErrorFeature(ForwarderError Error, Exception? Exception) : IForwarderErrorFeature;
}

using Yarp.ReverseProxy.Forwarder;

namespace WebInfra.Balancer.Forwarding;

/// <summary>
/// Tells apart the ways forwarding to a member can fail, because they allow different things: a request that could
/// not connect never reached the member, so even a POST may go elsewhere; a connection reset before any response byte
/// may have reached it, so only an idempotent request may be repeated.
/// </summary>
internal static class ForwardingFailure
{
    /// <summary>
    /// True when the member broke at the transport level (HAProxy's layer 4): no connection, or a connection that
    /// ended before the response headers. A slow member (a timeout) or a client that went away is not such a failure.
    /// </summary>
    public static bool IsTransportFailure(IForwarderErrorFeature error) =>
        error.Error == ForwarderError.Request || IsConnectFailure(error);

    /// <summary>True when the connection to the member could not be opened (refused, unreachable, or timed out connecting).</summary>
    public static bool IsConnectFailure(IForwarderErrorFeature error)
    {
        if (error.Error is not (ForwarderError.Request or ForwarderError.RequestTimedOut))
        {
            return false;
        }

        for (var exception = error.Exception; exception is not null; exception = exception.InnerException)
        {
            switch (exception)
            {
                case HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError }:
                // SocketsHttpHandler reports its ConnectTimeout as a cancellation caused by a TimeoutException;
                // YARP's own server timeout is a cancellation with no such cause.
                case TimeoutException:
                    return true;
            }
        }

        return false;
    }
}

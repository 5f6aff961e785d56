using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text.Json;

namespace WebInfra.FunctionalTests.Infrastructure;

/// <summary>
/// A Chrome DevTools protocol session with one page over its WebSocket: commands go out with an id, and the answer with
/// that id completes the command; the protocol's events are not needed and are dropped.
/// </summary>
internal sealed class DevToolsSession : IAsyncDisposable
{
    private static readonly TimeSpan s_commandTimeout = TimeSpan.FromSeconds(30);

    private readonly ClientWebSocket _socket = new();
    private readonly ConcurrentDictionary<int, TaskCompletionSource<JsonElement>> _pending = new();
    private readonly SemaphoreSlim _sending = new(1, 1);
    private readonly CancellationTokenSource _closing = new();
    private Task _receiving = Task.CompletedTask;
    private int _lastId;

    public static async Task<DevToolsSession> ConnectAsync(Uri webSocket)
    {
        var session = new DevToolsSession();
        session._socket.Options.KeepAliveInterval = TimeSpan.Zero;
        using var timeout = new CancellationTokenSource(s_commandTimeout);
        await session._socket.ConnectAsync(webSocket, timeout.Token);
        session._receiving = session.ReceiveAsync();
        return session;
    }

    /// <summary>Runs <paramref name="method"/> and returns its result; a protocol error becomes an exception.</summary>
    public async Task<JsonElement> SendAsync(string method, object parameters)
    {
        var id = Interlocked.Increment(ref _lastId);
        var answer = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = answer;
        var message = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object> { ["id"] = id, ["method"] = method, ["params"] = parameters });
        await _sending.WaitAsync();
        try
        {
            await _socket.SendAsync(message, WebSocketMessageType.Text, endOfMessage: true, _closing.Token);
        }
        finally
        {
            _sending.Release();
        }

        return await answer.Task.WaitAsync(s_commandTimeout);
    }

    private async Task ReceiveAsync()
    {
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        try
        {
            while (_socket.State == WebSocketState.Open)
            {
                var received = await _socket.ReceiveAsync(buffer, _closing.Token);
                if (received.MessageType == WebSocketMessageType.Close)
                {
                    break;
                }

                message.Write(buffer, 0, received.Count);
                if (received.EndOfMessage)
                {
                    Dispatch(message.ToArray());
                    message.SetLength(0);
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException)
        {
            // The browser went away or the session is closing; the pending commands fail below.
        }

        foreach (var pending in _pending.Values)
        {
            pending.TrySetException(new InvalidOperationException("the DevTools connection closed before the command was answered"));
        }
    }

    private void Dispatch(byte[] json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        if (!root.TryGetProperty("id", out var idElement) || !_pending.TryRemove(idElement.GetInt32(), out var answer))
        {
            return;
        }

        if (root.TryGetProperty("error", out var error))
        {
            answer.TrySetException(new InvalidOperationException("DevTools: " + error.GetRawText()));
        }
        else
        {
            answer.TrySetResult(root.GetProperty("result").Clone());
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _closing.CancelAsync();
        await _receiving;
        _socket.Dispose();
        _sending.Dispose();
        _closing.Dispose();
    }
}

using System.Collections.Concurrent;
using System.Net;

namespace WebInfra.FunctionalTests.Infrastructure;

/// <summary>
/// A steady load of GETs over a few keep-alive connections (as browsers and wrk use them, so a killed member breaks
/// connections in use) until stopped or for at most a minute, each connection going through the paths in turn. It
/// remembers which web server answered each request and every request that failed: a status other than 200 (with its
/// <c>Retry-After</c>, if any), no answer at all, or an answer whose body ended early (also among the cuts: a response
/// that had begun when its server died, which no proxy can send again).
/// </summary>
internal sealed class GetLoad : IAsyncDisposable
{
    private readonly ConcurrentQueue<string> _servedBy = new();
    private readonly ConcurrentQueue<string> _failures = new();
    private readonly ConcurrentQueue<string> _cuts = new();
    private readonly CancellationTokenSource _stop = new(TimeSpan.FromSeconds(60));
    private Task[] _loops = [];

    public int Count => _servedBy.Count + _failures.Count;

    public static GetLoad Start(HttpClient http, Uri entry, IReadOnlyList<string> paths, int connections)
    {
        var load = new GetLoad();
        load._loops = [.. Enumerable.Range(0, connections).Select(_ => Task.Run(() => load.RunAsync(http, [.. paths.Select(p => new Uri(entry, p))])))];
        return load;
    }

    public Task UntilServedAsync(int count) =>
        TestSite.EventuallyAsync(() => Task.FromResult(Count >= count || _stop.IsCancellationRequested), TimeSpan.FromSeconds(30), $"{count} requests were answered");

    public async Task<GetLoadResults> StopAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_loops);
        return new GetLoadResults([.. _servedBy], [.. _failures], [.. _cuts]);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stop.Dispose();
    }

    private async Task RunAsync(HttpClient http, Uri[] uris)
    {
        for (var i = 0; !_stop.IsCancellationRequested; i++)
        {
            var uri = uris[i % uris.Length];
            try
            {
                using var response = await http.GetAsync(uri, HttpCompletionOption.ResponseHeadersRead, _stop.Token);
                if (!await ReadBodyAsync(response, uri))
                {
                    continue;
                }

                if (response.StatusCode == HttpStatusCode.OK)
                {
                    _servedBy.Enqueue(TestSite.ServedBy(response).ElementAtOrDefault(1) ?? "?");
                }
                else
                {
                    var retryAfter = response.Headers.RetryAfter is { } retry ? $" (Retry-After: {retry})" : string.Empty;
                    _failures.Enqueue($"GET {uri.PathAndQuery}: HTTP {(int)response.StatusCode}{retryAfter} via {string.Join(", ", TestSite.ServedBy(response))}: {await response.Content.ReadAsStringAsync()}");
                }
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                _failures.Enqueue($"GET {uri.PathAndQuery}: {e.Message}");
            }
        }
    }

    /// <summary>Reads the whole body; false, with the request counted as failed and cut, when it ended before its end.</summary>
    private async Task<bool> ReadBodyAsync(HttpResponseMessage response, Uri uri)
    {
        try
        {
            await response.Content.LoadIntoBufferAsync(_stop.Token);
            return true;
        }
        catch (Exception e) when (e is HttpRequestException or IOException && !_stop.IsCancellationRequested)
        {
            var cut = $"GET {uri.PathAndQuery}: HTTP {(int)response.StatusCode} via {string.Join(", ", TestSite.ServedBy(response))}, body cut: {e.Message}";
            _cuts.Enqueue(cut);
            _failures.Enqueue(cut);
            return false;
        }
    }
}

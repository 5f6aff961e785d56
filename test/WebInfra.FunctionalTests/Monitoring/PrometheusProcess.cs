using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace WebInfra.FunctionalTests.Monitoring;

/// <summary>
/// Debian's <c>/usr/bin/prometheus</c>, started by a test on an address of the tests' own (never its default
/// 0.0.0.0:9090, where a component's admin listener may be) with its database in a temporary folder. Disposing it
/// kills it and removes the folder; any still running when the test host exits is killed then.
/// </summary>
internal sealed class PrometheusProcess : IAsyncDisposable
{
    public const string Program = "/usr/bin/prometheus";

    private static readonly ConcurrentDictionary<PrometheusProcess, byte> s_running = new();

    private readonly Process _process;
    private readonly string _storage;
    private readonly StringBuilder _output = new();

    static PrometheusProcess()
    {
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            foreach (var running in s_running.Keys)
            {
                running._process.Kill();
            }
        };
    }

    private PrometheusProcess(string configPath, Uri url)
    {
        _storage = Directory.CreateTempSubdirectory("webinfra-prometheus-").FullName;
        Url = url;
        var startInfo = new ProcessStartInfo(Program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        startInfo.ArgumentList.Add($"--config.file={configPath}");
        startInfo.ArgumentList.Add($"--storage.tsdb.path={_storage}");
        startInfo.ArgumentList.Add($"--web.listen-address={url.Authority}");
        _process = new Process { StartInfo = startInfo };
        _process.OutputDataReceived += Append;
        _process.ErrorDataReceived += Append;
        Http = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = url, Timeout = TimeSpan.FromSeconds(10) };
    }

    public Uri Url { get; }

    public HttpClient Http { get; }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Starts Prometheus on <paramref name="url"/> and waits until it reports itself ready.</summary>
    public static async Task<PrometheusProcess> StartAsync(string configPath, Uri url, TimeSpan timeout)
    {
        Assert.True(File.Exists(Program), $"{Program} is missing: install Debian's prometheus package (test.sh does)");
        var prometheus = new PrometheusProcess(configPath, url);
        prometheus._process.Start();
        s_running.TryAdd(prometheus, 0);
        prometheus._process.BeginOutputReadLine();
        prometheus._process.BeginErrorReadLine();
        var deadline = DateTime.UtcNow + timeout;
        while (!await prometheus.IsReadyAsync())
        {
            if (prometheus._process.HasExited || DateTime.UtcNow > deadline)
            {
                var output = prometheus.Output;
                await prometheus.DisposeAsync();
                Assert.Fail($"prometheus did not become ready on {url} within {timeout.TotalSeconds}s:\n{output}");
            }

            await Task.Delay(200);
        }

        return prometheus;
    }

    /// <summary>The <c>data</c> of a Prometheus HTTP API answer, such as <c>api/v1/targets</c>.</summary>
    public async Task<JsonElement> ApiAsync(string pathAndQuery)
    {
        using var document = JsonDocument.Parse(await Http.GetStringAsync(new Uri(pathAndQuery, UriKind.Relative)));
        Assert.Equal("success", document.RootElement.GetProperty("status").GetString());
        return document.RootElement.GetProperty("data").Clone();
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill();
        }

        await _process.WaitForExitAsync();
        s_running.TryRemove(this, out _);
        _process.Dispose();
        Directory.Delete(_storage, recursive: true);
    }

    private async Task<bool> IsReadyAsync()
    {
        try
        {
            using var response = await Http.GetAsync(new Uri("-/ready", UriKind.Relative));
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    private void Append(object sender, DataReceivedEventArgs line)
    {
        if (line.Data is not null)
        {
            lock (_output)
            {
                _output.AppendLine(line.Data);
            }
        }
    }
}

using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace WebInfra.FunctionalTests.Infrastructure;

/// <summary>
/// Debian's Chromium, headless, driven over the Chrome DevTools protocol: the outside judge of the pages WebInfra
/// serves. It uses the installed browser (no download, works offline) with a profile of its own, and disposing it
/// kills the browser and every process it started. A missing browser fails the test: it is never skipped.
/// </summary>
internal sealed class HeadlessChromium : IAsyncDisposable
{
    private static readonly TimeSpan s_startTimeout = TimeSpan.FromSeconds(30);

    private readonly Process _process;
    private readonly string _profile;

    private HeadlessChromium(Process process, string profile, DevToolsSession page)
    {
        _process = process;
        _profile = profile;
        Page = page;
    }

    /// <summary>The browser's one tab.</summary>
    public DevToolsSession Page { get; }

    /// <summary>The browser: <c>WEBINFRA_CHROMIUM</c>, or Debian's <c>/usr/bin/chromium</c>.</summary>
    public static string ExecutablePath => Environment.GetEnvironmentVariable("WEBINFRA_CHROMIUM") ?? "/usr/bin/chromium";

    public static async Task<HeadlessChromium> StartAsync(int width, int height)
    {
        Assert.True(File.Exists(ExecutablePath),
            $"Chromium is not installed at {ExecutablePath}: the browser tests need it ('apt-get install chromium'; ./test.sh installs it), or set WEBINFRA_CHROMIUM");
        var profile = Directory.CreateTempSubdirectory("webinfra-chromium-").FullName;
        var start = new ProcessStartInfo(ExecutablePath)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        string[] arguments =
        [
            "--headless=new", "--remote-debugging-port=0", "--user-data-dir=" + profile, "--no-first-run", "--no-default-browser-check",
            "--disable-gpu", "--disable-extensions", "--disable-background-networking", "--disable-sync", "--mute-audio", "--hide-scrollbars",
            string.Create(CultureInfo.InvariantCulture, $"--window-size={width},{height}"),
        ];
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // Chromium refuses to run as root with its sandbox; the test machines run the suite as root.
        if (Environment.UserName == "root")
        {
            start.ArgumentList.Add("--no-sandbox");
        }

        start.ArgumentList.Add("about:blank");
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            var page = await DevToolsSession.ConnectAsync(await PageWebSocketAsync(process, profile));
            return new HeadlessChromium(process, profile, page);
        }
        catch
        {
            await StopAsync(process, profile);
            throw;
        }
    }

    public Task NavigateAsync(Uri url) => Page.SendAsync("Page.navigate", new Dictionary<string, object> { ["url"] = url.ToString() });

    /// <summary>The JSON value of a JavaScript expression evaluated in the page.</summary>
    public async Task<JsonElement> EvaluateAsync(string expression)
    {
        var result = await Page.SendAsync("Runtime.evaluate", new Dictionary<string, object> { ["expression"] = expression, ["returnByValue"] = true });
        if (result.TryGetProperty("exceptionDetails", out var exception))
        {
            throw new InvalidOperationException($"the page threw evaluating {expression}: {exception.GetRawText()}");
        }

        return result.GetProperty("result").TryGetProperty("value", out var value) ? value : default;
    }

    /// <summary>A PNG of the whole page, at its full height.</summary>
    public async Task ScreenshotAsync(string path)
    {
        var size = await EvaluateAsync("[document.documentElement.scrollWidth, document.documentElement.scrollHeight]");
        await Page.SendAsync("Emulation.setDeviceMetricsOverride", new Dictionary<string, object>
        {
            ["width"] = size[0].GetInt32(),
            ["height"] = size[1].GetInt32(),
            ["deviceScaleFactor"] = 1,
            ["mobile"] = false,
        });
        var shot = await Page.SendAsync("Page.captureScreenshot", new Dictionary<string, object> { ["format"] = "png" });
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllBytesAsync(path, Convert.FromBase64String(shot.GetProperty("data").GetString()!));
    }

    public async ValueTask DisposeAsync()
    {
        await Page.DisposeAsync();
        await StopAsync(_process, _profile);
    }

    /// <summary>Chromium writes the port it chose to <c>DevToolsActivePort</c> in its profile; its page lists the tab.</summary>
    private static async Task<Uri> PageWebSocketAsync(Process process, string profile)
    {
        var portFile = Path.Combine(profile, "DevToolsActivePort");
        var deadline = DateTime.UtcNow + s_startTimeout;
        string[] lines = [];
        while (lines.Length == 0 || !int.TryParse(lines[0], CultureInfo.InvariantCulture, out _))
        {
            Assert.False(process.HasExited, $"Chromium exited at start with code {(process.HasExited ? process.ExitCode : 0)}");
            Assert.True(DateTime.UtcNow < deadline, $"Chromium did not open its DevTools port within {s_startTimeout.TotalSeconds} s");
            await Task.Delay(50);
            lines = File.Exists(portFile) ? await File.ReadAllLinesAsync(portFile) : [];
        }

        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false });
        using var targets = JsonDocument.Parse(await http.GetStringAsync(new Uri($"http://127.0.0.1:{lines[0]}/json/list")));
        var page = targets.RootElement.EnumerateArray().First(t => t.GetProperty("type").GetString() == "page");
        return new Uri(page.GetProperty("webSocketDebuggerUrl").GetString()!);
    }

    private static async Task StopAsync(Process process, string profile)
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }

        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        process.Dispose();
        Directory.Delete(profile, recursive: true);
    }
}

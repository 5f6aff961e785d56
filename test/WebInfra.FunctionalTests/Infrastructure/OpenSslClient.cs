using System.Diagnostics;
using System.Net;

namespace WebInfra.FunctionalTests.Infrastructure;

/// <summary>
/// <c>openssl s_client</c>, an outside judge of a TLS endpoint: it connects, completes (or fails) the handshake and exits,
/// its standard input closed so it sends nothing.
/// </summary>
internal static class OpenSslClient
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(15);

    /// <summary>A handshake with <paramref name="server"/> given the further <paramref name="arguments"/>.</summary>
    public static async Task<OpenSslHandshake> ConnectAsync(IPEndPoint server, params string[] arguments)
    {
        ArgumentNullException.ThrowIfNull(server);
        var start = new ProcessStartInfo("openssl")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[] { "s_client", "-connect", server.ToString() }.Concat(arguments))
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(s_timeout);
        await process.WaitForExitAsync(timeout.Token);
        return new OpenSslHandshake(process.ExitCode, await output + await errors);
    }
}

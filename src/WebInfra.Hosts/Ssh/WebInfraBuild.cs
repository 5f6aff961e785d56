using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;

namespace WebInfra.Hosts.Ssh;

/// <summary>
/// The self-contained build of this tool that SSH hosts run, one per architecture: <c>dotnet publish --self-contained</c>
/// of the source this tool was built from, so a host needs no .NET. A build is reused while this tool's own assemblies
/// are unchanged, and named by them (<see cref="Id"/>), so a host that has it already is sent nothing.
/// </summary>
internal sealed class WebInfraBuild
{
    private WebInfraBuild(string directory, string id) => (Directory, Id) = (directory, id);

    /// <summary>The folder of the build.</summary>
    public string Directory { get; }

    /// <summary>The build's name: a hash of this tool's assemblies and the runtime identifier.</summary>
    public string Id { get; }

    /// <summary>
    /// The build for <paramref name="runtimeIdentifier"/> (<c>linux-x64</c>, <c>linux-arm64</c>), published when it is
    /// missing or stale; the source is found through <c>WEBINFRA_ROOT</c> (set by <c>./webinfra</c>).
    /// </summary>
    /// <exception cref="HostException">There is no source to publish, or publishing failed.</exception>
    public static WebInfraBuild For(string runtimeIdentifier)
    {
        var id = IdOf(runtimeIdentifier);
        var root = Environment.GetEnvironmentVariable("WEBINFRA_ROOT") is { Length: > 0 } set ? set : null;
        var project = root is null ? null : Path.Combine(root, "src", "WebInfra.Cli", "WebInfra.Cli.csproj");
        if (project is null || !File.Exists(project))
        {
            throw new HostException($"a {runtimeIdentifier} build of WebInfra is needed for the site's hosts, and there is no source to publish it from: run WebInfra through ./webinfra in its repository");
        }

        var directory = Path.Combine(root!, "artifacts", "publish", $"webinfra-{runtimeIdentifier}");
        var stamp = Path.Combine(directory, ".webinfra-build");
        if (File.Exists(stamp) && File.ReadAllText(stamp) == id)
        {
            return new WebInfraBuild(directory, id);
        }

        var publish = new ProcessStartInfo("dotnet", ["publish", project, "-c", "Release", "-r", runtimeIdentifier, "--self-contained", "--nologo", "-o", directory])
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(publish) ?? throw new HostException("dotnet did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(10)))
        {
            process.Kill(entireProcessTree: true);
            throw new HostException($"publishing the {runtimeIdentifier} build of WebInfra took more than 10 minutes");
        }

        if (process.ExitCode != 0)
        {
            var said = (output.Result + error.Result).Split('\n').Where(l => l.Contains("error", StringComparison.OrdinalIgnoreCase)).Take(5);
            throw new HostException($"publishing the {runtimeIdentifier} build of WebInfra failed (dotnet publish {project} -r {runtimeIdentifier} --self-contained): {string.Join("; ", said)}");
        }

        File.WriteAllText(stamp, id);
        return new WebInfraBuild(directory, id);
    }

    /// <summary>A hash of this tool's own assemblies (builds are deterministic: the same source gives the same bytes) and the runtime identifier.</summary>
    private static string IdOf(string runtimeIdentifier)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes(runtimeIdentifier));
        foreach (var assembly in System.IO.Directory.GetFiles(AppContext.BaseDirectory, "WebInfra.*.dll").Append(Path.Combine(AppContext.BaseDirectory, "webinfra.dll")).Where(File.Exists).Order(StringComparer.Ordinal))
        {
            hash.AppendData(Encoding.UTF8.GetBytes(Path.GetFileName(assembly)));
            hash.AppendData(File.ReadAllBytes(assembly));
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset().AsSpan(0, 8));
    }
}

using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using WebInfra.Topology.Model;

namespace WebInfra.Hosts.Ssh;

/// <summary>
/// Runs commands on SSH hosts with OpenSSH's client (Debian's <c>openssh-client</c>), as root: through <c>sudo -n</c>
/// when the login user is not root. One connection per host serves a whole command (<c>ControlMaster</c>), closed a few
/// seconds after its last use; a host's key is pinned at first contact in the site's own <c>known_hosts</c>, and a host
/// whose key changed since is refused (<c>StrictHostKeyChecking=accept-new</c>). No password is ever asked for
/// (<c>BatchMode</c>): keys come from the user's agent and <c>~/.ssh</c>, or the lab's key.
/// </summary>
internal sealed class OpenSshClient
{
    /// <summary>How long a host may take to accept a connection before it is reported unreachable.</summary>
    public static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(5);

    private readonly string? _identityFile;
    private readonly Func<IReadOnlyList<string>, IReadOnlyList<string>>? _from;
    private readonly string _controlDirectory;

    /// <param name="directory">Where the site's SSH files are (<c>known_hosts</c>); made when missing.</param>
    /// <param name="identityFile">The private key to log in with, or null for the user's own keys and agent.</param>
    /// <param name="from">
    /// Where <c>ssh</c> runs, given its command line: null for here; a lab's operator namespace, so that no packet for a
    /// lab host ever leaves from this machine's own namespace.
    /// </param>
    public OpenSshClient(string directory, string? identityFile, Func<IReadOnlyList<string>, IReadOnlyList<string>>? from)
    {
        Directory = directory;
        _identityFile = identityFile;
        _from = from;

        // A control socket's path must fit in a socket address (108 bytes), which a site's folder may not leave room for.
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Path.GetFullPath(directory))).AsSpan(0, 6));
        _controlDirectory = Path.Combine(Path.GetTempPath(), $"webinfra-ssh-{hash}");
    }

    /// <summary>The site's SSH folder.</summary>
    public string Directory { get; }

    /// <summary>Every host key pinned at first contact.</summary>
    public string KnownHostsFile => Path.Combine(Directory, "known_hosts");

    /// <summary>The command line that runs <paramref name="remoteCommand"/> (one line for the login shell) as the login user on <paramref name="target"/>.</summary>
    /// <exception cref="HostException">The place <c>ssh</c> runs from does not exist (a lab that is down).</exception>
    public IReadOnlyList<string> CommandLine(SshTarget target, string remoteCommand) => CommandLine(target, [], remoteCommand);

    /// <summary>The command line that runs <paramref name="script"/> with <c>sh</c> as root on <paramref name="target"/>.</summary>
    public IReadOnlyList<string> AsRootCommandLine(SshTarget target, string script)
    {
        // The login shell runs sh, which runs the script as root: itself when the user is root, else through sudo, which
        // must not ask for a password (-n); the script travels as an argument, so nothing in it is read twice.
        const string AsRoot = "if [ \"$(id -u)\" -eq 0 ]; then exec sh -c \"$1\"; else exec sudo -n sh -c \"$1\"; fi";
        return CommandLine(target, $"sh -c {ShellWords.Quote(AsRoot)} webinfra {ShellWords.Quote(script)}");
    }

    private IReadOnlyList<string> CommandLine(SshTarget target, IReadOnlyList<string> control, string remoteCommand)
    {
        ArgumentNullException.ThrowIfNull(target);
        System.IO.Directory.CreateDirectory(Directory);
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("SSH hosts are driven from Linux");
        }

        System.IO.Directory.CreateDirectory(_controlDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        List<string> line =
        [
            "ssh", .. control, "-o", "BatchMode=yes", "-o", string.Create(CultureInfo.InvariantCulture, $"ConnectTimeout={ConnectTimeout.TotalSeconds}"),
            "-o", "StrictHostKeyChecking=accept-new", "-o", $"UserKnownHostsFile={KnownHostsFile}", "-o", "GlobalKnownHostsFile=/dev/null",
            "-o", "ControlMaster=auto", "-o", $"ControlPath={_controlDirectory}/%C", "-o", "ControlPersist=5",
            "-o", "ServerAliveInterval=5", "-o", "ServerAliveCountMax=3", "-o", "LogLevel=ERROR",
        ];
        if (_identityFile is not null)
        {
            line.AddRange(["-o", "IdentitiesOnly=yes", "-i", _identityFile]);
        }

        line.AddRange(["-p", target.Port.ToString(CultureInfo.InvariantCulture), "-l", target.User, "--", target.Host, remoteCommand]);
        return _from is null ? line : _from(line);
    }

    /// <summary>
    /// Runs <paramref name="script"/> with <c>sh</c> as root on <paramref name="target"/>; <paramref name="input"/>, when
    /// given, writes its standard input. Gives up after <paramref name="timeout"/>.
    /// </summary>
    public async Task<SshResult> RunAsync(SshTarget target, string script, TimeSpan timeout, Func<Stream, CancellationToken, Task>? input, CancellationToken cancellationToken)
    {
        IReadOnlyList<string> line;
        try
        {
            line = AsRootCommandLine(target, script);
        }
        catch (HostException exception)
        {
            return new SshResult(SshResult.ClientFailure, string.Empty, exception.Message);
        }

        var start = new ProcessStartInfo(line[0]) { UseShellExecute = false, RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in line.Skip(1))
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new HostException("ssh did not start");
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timer.CancelAfter(timeout);
        var output = process.StandardOutput.ReadToEndAsync(timer.Token);
        var error = process.StandardError.ReadToEndAsync(timer.Token);
        try
        {
            if (input is not null)
            {
                await input(process.StandardInput.BaseStream, timer.Token);
            }

            process.StandardInput.Close();
            await process.WaitForExitAsync(timer.Token);
            return new SshResult(process.ExitCode, await output, (await error).Trim());
        }
        catch (Exception exception) when (exception is OperationCanceledException or IOException)
        {
            process.Kill(entireProcessTree: true);
            if (cancellationToken.IsCancellationRequested)
            {
                throw;
            }

            var said = error.IsCompletedSuccessfully ? error.Result.Trim() : string.Empty;
            return new SshResult(SshResult.ClientFailure, string.Empty,
                exception is OperationCanceledException ? $"no answer within {timeout.TotalSeconds:0} s {said}".TrimEnd() : $"{exception.Message} {said}".TrimEnd());
        }
    }

    /// <summary>Runs <paramref name="script"/> as root on <paramref name="target"/>; its output, or a <see cref="HostException"/> that says what failed and how to fix it.</summary>
    public async Task<string> RunCheckedAsync(SshTarget target, string script, TimeSpan timeout, CancellationToken cancellationToken, Func<Stream, CancellationToken, Task>? input = null)
    {
        var result = await RunAsync(target, script, timeout, input, cancellationToken);
        return result.Succeeded ? result.Output : throw new HostException(SshFailure.Explain(target, result, KnownHostsFile));
    }

    /// <summary>Closes the shared connection to <paramref name="target"/>, if one is open.</summary>
    public void Close(SshTarget target)
    {
        if (System.IO.Directory.Exists(_controlDirectory))
        {
            try
            {
                Processes.CommandRunner.TryRun(CommandLine(target, ["-O", "exit"], "true"), out _, out _);
            }
            catch (HostException)
            {
                // Nothing to close where ssh cannot run.
            }
        }
    }

    /// <summary>Removes the folder of control sockets, once every connection is closed.</summary>
    public void DeleteControlDirectory()
    {
        if (System.IO.Directory.Exists(_controlDirectory))
        {
            System.IO.Directory.Delete(_controlDirectory, recursive: true);
        }
    }
}

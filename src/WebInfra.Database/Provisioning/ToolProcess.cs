using System.Diagnostics;
using System.Text;

namespace WebInfra.Database.Provisioning;

/// <summary>
/// Runs MariaDB's own tools (mariadb-install-db, mariadb-backup, mbstream) to their end and keeps what they print, so a
/// failure can be reported with the tool's own words. A cancelled run kills the tool and everything it started.
/// </summary>
internal static class ToolProcess
{
    /// <summary>
    /// Runs <paramref name="commandLine"/> with <paramref name="input"/>, when given, as its standard input (a secret
    /// never goes on a command line); its exit code and its output, both streams in one.
    /// </summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(IReadOnlyList<string> commandLine, CancellationToken cancellationToken, string? input = null)
    {
        var output = new StringBuilder();
        using var process = Start(commandLine, output, pipeOutput: false, redirectInput: input is not null);
        if (input is not null)
        {
            try
            {
                await process.StandardInput.WriteAsync(input.AsMemory(), cancellationToken);
                process.StandardInput.Close();
            }
            catch (IOException)
            {
                // It exited without reading it all; its exit code says why.
            }
        }

        await WaitAsync(process, cancellationToken);
        lock (output)
        {
            return (process.ExitCode, output.ToString());
        }
    }

    /// <summary>
    /// Runs <paramref name="producer"/> and <paramref name="consumer"/> at once with the producer's standard output piped
    /// into the consumer's standard input, as a shell's <c>producer | consumer</c>. Each side may run on a host of its
    /// own: the bytes pass through this process. When the consumer stops reading, the producer is killed.
    /// </summary>
    /// <returns>Each side's exit code and error output, and how many bytes went through.</returns>
    public static async Task<PipeResult> PipeAsync(IReadOnlyList<string> producer, IReadOnlyList<string> consumer, CancellationToken cancellationToken)
    {
        var producerOutput = new StringBuilder();
        var consumerOutput = new StringBuilder();
        using var source = Start(producer, producerOutput, pipeOutput: true, redirectInput: false);
        using var sink = Start(consumer, consumerOutput, pipeOutput: false, redirectInput: true);
        var bytes = 0L;
        try
        {
            var buffer = new byte[1 << 16];
            var input = source.StandardOutput.BaseStream;
            var output = sink.StandardInput.BaseStream;
            int read;
            while ((read = await input.ReadAsync(buffer, cancellationToken)) > 0)
            {
                await output.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                bytes += read;
            }
        }
        catch (IOException)
        {
            // The consumer closed its end (it exited): the producer has no one to write to.
            Kill(source);
        }
        catch (OperationCanceledException)
        {
            Kill(source);
            Kill(sink);
            throw;
        }
        finally
        {
            try
            {
                sink.StandardInput.Close();
            }
            catch (IOException)
            {
                // Already gone; its exit code says why.
            }
        }

        await WaitAsync(source, cancellationToken);
        await WaitAsync(sink, cancellationToken);
        lock (producerOutput)
        {
            lock (consumerOutput)
            {
                return new PipeResult(source.ExitCode, producerOutput.ToString(), sink.ExitCode, consumerOutput.ToString(), bytes);
            }
        }
    }

    /// <summary>The last <paramref name="count"/> lines of a tool's output, indented, for an error message.</summary>
    public static string LastLines(string output, int count = 12) =>
        string.Join('\n', output.Split('\n', StringSplitOptions.RemoveEmptyEntries).TakeLast(count).Select(l => "  " + l));

    /// <summary>
    /// Starts the tool with its error output, and its standard output unless <paramref name="pipeOutput"/> (the caller
    /// reads that as bytes), kept in <paramref name="output"/>; nothing it prints reaches this process's console.
    /// </summary>
    private static Process Start(IReadOnlyList<string> commandLine, StringBuilder output, bool pipeOutput, bool redirectInput)
    {
        var startInfo = new ProcessStartInfo(commandLine[0])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = redirectInput,
            UseShellExecute = false,
        };
        foreach (var argument in commandLine.Skip(1))
        {
            startInfo.ArgumentList.Add(argument);
        }

        // One buffer for both streams keeps the lines roughly in the order they were written.
        void Append(object sender, DataReceivedEventArgs e)
        {
            if (e.Data is not null)
            {
                lock (output)
                {
                    output.Append(e.Data).Append('\n');
                }
            }
        }

        var process = new Process { StartInfo = startInfo };
        process.OutputDataReceived += Append;
        process.ErrorDataReceived += Append;
        process.Start();
        process.BeginErrorReadLine();
        if (!pipeOutput)
        {
            process.BeginOutputReadLine();
        }

        return process;
    }

    private static async Task WaitAsync(Process process, CancellationToken cancellationToken)
    {
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            Kill(process);
            throw;
        }
    }

    private static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It has exited already.
        }
    }

    /// <summary>What a pipe of two tools did.</summary>
    /// <param name="ProducerExitCode">The producer's exit code.</param>
    /// <param name="ProducerOutput">What the producer wrote to its error output.</param>
    /// <param name="ConsumerExitCode">The consumer's exit code.</param>
    /// <param name="ConsumerOutput">What the consumer printed.</param>
    /// <param name="Bytes">The bytes passed from one to the other.</param>
    public sealed record PipeResult(int ProducerExitCode, string ProducerOutput, int ConsumerExitCode, string ConsumerOutput, long Bytes);
}

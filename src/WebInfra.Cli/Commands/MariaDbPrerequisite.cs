using System.Diagnostics;
using Spectre.Console;
using WebInfra.Cli.Supervision;
using WebInfra.Database.Provisioning;

namespace WebInfra.Cli.Commands;

/// <summary>
/// Makes sure MariaDB's server binaries are on the machine before a topology with database nodes starts: as root
/// on Debian it installs <c>mariadb-server</c> with apt-get (WebInfra runs its own instances and never starts the
/// system's service); otherwise it says exactly what to install.
/// </summary>
internal static class MariaDbPrerequisite
{
    private const string InstallCommand = "apt-get update && apt-get install -y mariadb-server";

    public static async Task EnsureAsync(IAnsiConsole console, CancellationToken cancellationToken)
    {
        if (MariaDbInstallation.IsInstalled())
        {
            return;
        }

        if (Environment.UserName != "root" || !File.Exists("/usr/bin/apt-get"))
        {
            throw new SupervisorException($"MariaDB is not installed. Install it with: sudo sh -c '{InstallCommand}'");
        }

        console.MarkupLine($"[yellow]MariaDB is not installed; installing it:[/] {InstallCommand}");
        var install = new ProcessStartInfo("/bin/sh", ["-c", InstallCommand]) { UseShellExecute = false };
        install.Environment["DEBIAN_FRONTEND"] = "noninteractive";
        using var process = Process.Start(install)!;
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0 || !MariaDbInstallation.IsInstalled())
        {
            throw new SupervisorException($"installing MariaDB failed (exit code {process.ExitCode}); run '{InstallCommand}' yourself and look at its output");
        }
    }
}

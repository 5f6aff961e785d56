using System.CommandLine;
using Spectre.Console;
using WebInfra.Hosting.Tls;

namespace WebInfra.Cli.Commands;

/// <summary>
/// <c>webinfra cert [TOPOLOGY] [--renew]</c>: the development CA and the site's certificate that balancers with an
/// <c>https_port</c> present when the topology names no PEM files, and how to make clients trust them; with
/// <c>tls.internal</c> or <c>database.tls</c>, also the internal CA and its certificate for every server.
/// </summary>
internal static class CertCommand
{
    public static Command Create(IAnsiConsole console)
    {
        var topologyArgument = CommonOptions.Topology();
        var renew = new Option<bool>("--renew") { Description = "Make a new CA and certificate even when they exist (restart the balancers to present it)." };
        var command = new Command("cert", "Create the development certificate authority and the site's HTTPS certificate, and say how to trust them.")
        {
            topologyArgument,
            renew,
        };
        command.SetAction(parse =>
        {
            var topology = CliEnvironment.LoadTopology(parse.GetValue(topologyArgument));
            var state = CliEnvironment.State(parse.GetValue(CommonOptions.StateDirectory));
            var certificates = new DevelopmentCertificates(state.Path);
            if (certificates.Exist && !parse.GetValue(renew))
            {
                console.MarkupLineInterpolated($"the development certificate exists (--renew makes a new one)");
            }
            else
            {
                certificates.Create(topology);
                console.MarkupLineInterpolated($"created a development CA and a certificate for [bold]{topology.Site.Name}[/]");
            }

            Describe(console, certificates, topology);
            EnsureInternal(console, state.Path, topology);
            return 0;
        });
        return command;
    }

    /// <summary>
    /// With <c>tls.internal</c> or <c>database.tls</c>: the internal CA and each server's certificate, made where missing
    /// or no longer fitting the topology (see <see cref="InternalCertificates.Ensure"/>), and what was made.
    /// </summary>
    public static void EnsureInternal(IAnsiConsole console, string stateDirectory, Topology.Model.Topology topology)
    {
        if (!InternalCertificates.AreUsedBy(topology))
        {
            return;
        }

        var internalCertificates = new InternalCertificates(stateDirectory);
        var made = internalCertificates.Ensure(topology);
        if (made.Count == 0)
        {
            console.MarkupLineInterpolated($"the internal CA and every server's certificate exist in {internalCertificates.Directory}");
        }
        else
        {
            console.MarkupLineInterpolated($"internal certificates made in {internalCertificates.Directory}: [bold]{string.Join(", ", made)}[/] (keys mode 0600)");
        }
    }

    /// <summary>Where the files are and how a client trusts the CA.</summary>
    public static void Describe(IAnsiConsole console, DevelopmentCertificates certificates, Topology.Model.Topology topology)
    {
        console.MarkupLineInterpolated($"  CA:          {certificates.AuthorityPath}");
        console.MarkupLineInterpolated($"  certificate: {certificates.CertificatePath}");
        console.MarkupLineInterpolated($"  key:         {certificates.KeyPath} (mode 0600)");
        if (topology.EntryPoint?.HttpsEndPoint is { } https)
        {
            console.MarkupLineInterpolated($"[grey]trust it for one command:[/] curl --cacert {certificates.AuthorityPath} --resolve {topology.Site.Name}:{https.Port}:{https.Address} https://{topology.Site.Name}:{https.Port}/");
        }

        console.MarkupLineInterpolated($"[grey]trust it on this machine:[/] cp {certificates.AuthorityPath} /usr/local/share/ca-certificates/webinfra-dev.crt && update-ca-certificates");
        if (topology.Tls.CertificatePath is { } path)
        {
            console.MarkupLineInterpolated($"[yellow]note:[/] this topology names its own certificate ({path}); the balancers present that one, not this");
        }
    }
}

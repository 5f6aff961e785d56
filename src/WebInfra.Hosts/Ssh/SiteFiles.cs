using System.Formats.Tar;
using WebInfra.Topology.Model;

namespace WebInfra.Hosts.Ssh;

/// <summary>
/// What a server's host needs from this machine before its components start: the topology, the files it names (the
/// site's files, the certificate, each application's folder), and of the run state what this machine writes and the
/// components read (the admin and database secrets, the certificates without the authorities' keys, the server's
/// releases, the drains). Sent as one tar stream, each file at its place on the host (<see cref="RemoteLayout"/>), so a
/// second send replaces the first.
/// </summary>
internal sealed class SiteFiles(Topology.Model.Topology topology, string stateDirectory, RemoteLayout layout)
{
    /// <summary>The file names of private keys that never leave this machine: the certificate authorities', which only the CLI issues with.</summary>
    private static readonly string[] s_keptHere = ["ca.key"];

    /// <summary>The shell script that unpacks the stream on the host and gives the site's files to its user; stale drains go first.</summary>
    public static string UnpackScript { get; } = string.Join('\n',
        "set -e",
        $"rm -rf {RemoteLayout.StateDirectory}/drains",
        "tar -x -f - -C / --no-same-owner",
        $"chown -R {RemoteLayout.User}:{RemoteLayout.User} {RemoteLayout.Home}");

    /// <summary>The files and folders of this machine that <paramref name="server"/>'s host gets.</summary>
    public IReadOnlyList<string> For(Server server)
    {
        ArgumentNullException.ThrowIfNull(server);
        List<string> paths = [topology.SourcePath, topology.Site.FilesDirectory];
        if (topology.Tls is { CertificatePath: { } certificate, KeyPath: { } key })
        {
            paths.AddRange([certificate, key]);
        }

        // Every application's folder, not only the server's own: each host checks the whole topology when it loads it.
        paths.AddRange(topology.Components.Select(c => c.Application?.Directory).OfType<string>());
        paths.AddRange(((string[])["secrets", "tls", "drains", Path.Combine("releases", server.Name)]).Select(p => Path.Combine(stateDirectory, p)));
        return [.. paths.Distinct(StringComparer.Ordinal).Where(p => File.Exists(p) || Directory.Exists(p))];
    }

    /// <summary>Writes <paramref name="server"/>'s files to <paramref name="stream"/> as a tar archive whose names are their paths on the host.</summary>
    public async Task WriteAsync(Server server, Stream stream, CancellationToken cancellationToken)
    {
        await using var writer = new TarWriter(stream, TarEntryFormat.Pax, leaveOpen: true);
        foreach (var path in For(server))
        {
            await AddAsync(writer, path, cancellationToken);
        }
    }

    private async Task AddAsync(TarWriter writer, string path, CancellationToken cancellationToken)
    {
        if (s_keptHere.Contains(Path.GetFileName(path), StringComparer.Ordinal))
        {
            return;
        }

        await writer.WriteEntryAsync(path, layout.Remote(path).TrimStart('/'), cancellationToken);

        // A link is sent as a link (a release's 'current'), never followed.
        if (Directory.Exists(path) && new DirectoryInfo(path).LinkTarget is null)
        {
            foreach (var entry in Directory.EnumerateFileSystemEntries(path).Order(StringComparer.Ordinal))
            {
                await AddAsync(writer, entry, cancellationToken);
            }
        }
    }
}

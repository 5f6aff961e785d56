namespace WebInfra.Database.Provisioning;

public sealed partial class MariaDbProvisioner
{
    /// <summary>
    /// Moves a stopped node's data directory aside (next to it, <c>.before-repair</c>, on its host), so the node has none
    /// and its next start clones it from a running node (<see cref="CloneAsync"/>); <see cref="RestoreDataDirectoryAsync"/>
    /// puts it back when that fails, <see cref="DiscardDataDirectoryAsideAsync"/> deletes it once the clone runs.
    /// </summary>
    /// <returns>Where the data directory now is, on the node's host.</returns>
    /// <exception cref="DatabaseNodeException">The node has no data directory, or an earlier repair left one aside.</exception>
    public async Task<string> SetDataDirectoryAsideAsync(DatabaseNode node, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(node);
        var dataDirectory = _host.Placed(node).DataDirectory;
        var aside = DataDirectoryLayout.AsideDirectory(dataDirectory);
        var (exitCode, output) = await ShellAsync(node, $"""
            if [ -e "$2" ]; then exit 3; fi
            {DataDirectoryLayout.IsInitializedScript} || exit 4
            mv -T "$1" "$2"
            """, [dataDirectory, aside], cancellationToken);
        return exitCode switch
        {
            0 => aside,
            3 => throw new DatabaseNodeException(node,
                $"Database node {node.Name}: {aside} exists, left by an earlier repair that did not finish; nothing was changed. "
                + "Move it away (it is the node's data from before that repair), then repair again."),
            4 => throw new DatabaseNodeException(node, $"Database node {node.Name}: {dataDirectory} holds no data directory; nothing was changed."),
            _ => throw new DatabaseNodeException(node, $"Database node {node.Name}: moving {dataDirectory} aside failed with exit code {exitCode}.\n{ToolProcess.LastLines(output)}"),
        };
    }

    /// <summary>Puts back the data directory <see cref="SetDataDirectoryAsideAsync"/> moved, deleting whatever a failed clone left in its place.</summary>
    public async Task RestoreDataDirectoryAsync(DatabaseNode node, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(node);
        var dataDirectory = _host.Placed(node).DataDirectory;
        await ShellCheckedAsync(node, "putting the data directory back", """
            set -e
            rm -rf "$1"
            mv -T "$2" "$1"
            """, [dataDirectory, DataDirectoryLayout.AsideDirectory(dataDirectory)], cancellationToken);
    }

    /// <summary>Deletes the data directory <see cref="SetDataDirectoryAsideAsync"/> moved, once the node runs on its new one.</summary>
    public async Task DiscardDataDirectoryAsideAsync(DatabaseNode node, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(node);
        await ShellCheckedAsync(node, "deleting the data directory set aside", "rm -rf \"$1\"",
            [DataDirectoryLayout.AsideDirectory(_host.Placed(node).DataDirectory)], cancellationToken);
    }
}

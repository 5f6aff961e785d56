namespace WebInfra.Database.Provisioning;

public sealed partial class MariaDbProvisioner
{
    /// <summary>
    /// Moves a stopped node's data directory aside (next to it, <c>.before-repair</c>), so the node has none and its next
    /// start clones it from a running node (<see cref="CloneAsync"/>); <see cref="RestoreDataDirectory"/> puts it back
    /// when that fails, <see cref="DiscardDataDirectoryAside"/> deletes it once the clone runs.
    /// </summary>
    /// <returns>Where the data directory now is.</returns>
    /// <exception cref="DatabaseNodeException">The node has no data directory, or an earlier repair left one aside.</exception>
    public static string SetDataDirectoryAside(DatabaseNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        var aside = DataDirectoryLayout.AsideDirectory(node.DataDirectory);
        if (Directory.Exists(aside))
        {
            throw new DatabaseNodeException(node,
                $"Database node {node.Name}: {aside} exists, left by an earlier repair that did not finish; nothing was changed. "
                + "Move it away (it is the node's data from before that repair), then repair again.");
        }

        if (!HasDataDirectory(node))
        {
            throw new DatabaseNodeException(node, $"Database node {node.Name}: {node.DataDirectory} holds no data directory; nothing was changed.");
        }

        Directory.Move(node.DataDirectory, aside);
        return aside;
    }

    /// <summary>Puts back the data directory <see cref="SetDataDirectoryAside"/> moved, deleting whatever a failed clone left in its place.</summary>
    public static void RestoreDataDirectory(DatabaseNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        if (Directory.Exists(node.DataDirectory))
        {
            Directory.Delete(node.DataDirectory, recursive: true);
        }

        Directory.Move(DataDirectoryLayout.AsideDirectory(node.DataDirectory), node.DataDirectory);
    }

    /// <summary>Deletes the data directory <see cref="SetDataDirectoryAside"/> moved, once the node runs on its new one.</summary>
    public static void DiscardDataDirectoryAside(DatabaseNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        Directory.Delete(DataDirectoryLayout.AsideDirectory(node.DataDirectory), recursive: true);
    }
}

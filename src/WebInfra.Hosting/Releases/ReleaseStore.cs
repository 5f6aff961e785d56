using System.Globalization;
using System.Runtime.InteropServices;

namespace WebInfra.Hosting.Releases;

/// <summary>
/// One server's releases, side by side in the run state (Capistrano's layout): <c>releases/SERVER/r7/site</c> (the site's
/// files its web server serves) and <c>releases/SERVER/r7/app</c> (the user's application its application server runs),
/// and a <c>current</c> symbolic link naming the release in service. A component resolves the link once, when it starts,
/// so a running process keeps its release until it is restarted; <c>deploy</c> and <c>rollback</c> switch the link
/// between a server's stop and start, which makes a rollback a switch back, not a rebuild.
/// </summary>
public sealed partial class ReleaseStore
{
    /// <summary>The prefix of every release id: <c>r1</c>, <c>r2</c>… in the order they were made.</summary>
    public const string IdPrefix = "r";

    /// <summary>Releases kept per server when the topology does not say (<c>deploy.keep</c>): Capistrano's <c>keep_releases</c>.</summary>
    public const int DefaultKeep = 5;

    private const string CurrentLinkName = "current";

    /// <summary>The store of <paramref name="serverName"/>'s releases in the run-state folder <paramref name="stateDirectory"/>.</summary>
    public ReleaseStore(string stateDirectory, string serverName)
    {
        Directory = System.IO.Path.Combine(RootIn(stateDirectory), serverName);
    }

    /// <summary>The folder of this server's releases.</summary>
    public string Directory { get; }

    /// <summary>The link that names the release in service.</summary>
    public string CurrentLink => System.IO.Path.Combine(Directory, CurrentLinkName);

    /// <summary>The id of the release in service, or null before the first one.</summary>
    public string? Current => System.IO.Directory.Exists(CurrentLink) && new DirectoryInfo(CurrentLink).LinkTarget is { } target
        ? System.IO.Path.GetFileName(target)
        : null;

    /// <summary>The release made just before <see cref="Current"/> that is still kept: what <c>rollback</c> returns to.</summary>
    public string? Previous => Current is { } current ? Ids.LastOrDefault(id => Number(id) < Number(current)) : null;

    /// <summary>The releases kept, oldest first.</summary>
    public IReadOnlyList<string> Ids => System.IO.Directory.Exists(Directory)
        ? [.. new DirectoryInfo(Directory).EnumerateDirectories()
            .Where(d => d.LinkTarget is null && IsId(d.Name))
            .Select(d => d.Name)
            .OrderBy(Number)]
        : [];

    /// <summary>The folder of every server's releases in a run-state folder.</summary>
    public static string RootIn(string stateDirectory) => System.IO.Path.Combine(stateDirectory, "releases");

    /// <summary>The folder of release <paramref name="id"/>.</summary>
    public string PathOf(string id) => System.IO.Path.Combine(Directory, id);

    /// <summary>The site's files in release <paramref name="id"/>.</summary>
    public string SiteOf(string id) => System.IO.Path.Combine(PathOf(id), "site");

    /// <summary>The user's application in release <paramref name="id"/>.</summary>
    public string ApplicationOf(string id) => System.IO.Path.Combine(PathOf(id), "app");

    /// <summary>
    /// The site's files of the release in service, the link resolved now (so the caller keeps this release whatever
    /// the link says later), or null before the first release.
    /// </summary>
    public string? CurrentSite => Current is { } id ? SiteOf(id) : null;

    /// <summary>The user's application of the release in service, resolved now, or null before the first release.</summary>
    public string? CurrentApplication => Current is { } id ? ApplicationOf(id) : null;

    /// <summary>The id after every one in <paramref name="known"/>: <c>r1</c> when there is none.</summary>
    public static string NextId(IEnumerable<string> known) =>
        IdOf(known.Where(IsId).Select(Number).DefaultIfEmpty(0).Max() + 1);

    /// <summary>The release id of sequence number <paramref name="number"/>.</summary>
    public static string IdOf(int number) => string.Create(CultureInfo.InvariantCulture, $"{IdPrefix}{number}");

    /// <summary>Whether <paramref name="name"/> is a release id (<c>r</c> and a positive number).</summary>
    public static bool IsId(string name) =>
        name is { Length: > 1 } && name.StartsWith(IdPrefix, StringComparison.Ordinal)
        && int.TryParse(name.AsSpan(IdPrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number > 0;

    /// <summary>The sequence number of release <paramref name="id"/>.</summary>
    public static int Number(string id) => int.Parse(id.AsSpan(IdPrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture);

    /// <summary>Whether release <paramref name="id"/> is kept here.</summary>
    public bool Has(string id) => IsId(id) && System.IO.Directory.Exists(PathOf(id));

    /// <summary>
    /// Makes release <paramref name="id"/> from copies of <paramref name="site"/> and, when the server runs the user's
    /// application, <paramref name="application"/>; anything under <paramref name="excluded"/> (the run state, when it
    /// lies inside a source) is left out. The release is made under a temporary name and renamed once whole, so a half
    /// copy never looks like a release.
    /// </summary>
    public void Create(string id, string site, string? application, string excluded)
    {
        var partial = PathOf(id) + ".partial";
        if (System.IO.Directory.Exists(partial))
        {
            System.IO.Directory.Delete(partial, recursive: true);
        }

        ReleaseFolder.Copy(site, System.IO.Path.Combine(partial, "site"), excluded);
        if (application is not null)
        {
            ReleaseFolder.Copy(application, System.IO.Path.Combine(partial, "app"), excluded);
        }

        System.IO.Directory.Move(partial, PathOf(id));
    }

    /// <summary>
    /// Points <see cref="CurrentLink"/> at release <paramref name="id"/> in one step: a new link is made beside it and
    /// renamed over the old one (rename(2) replaces atomically), so a component starting meanwhile finds one or the other.
    /// </summary>
    public void Switch(string id)
    {
        if (!Has(id))
        {
            throw new DirectoryNotFoundException($"release {id} is not kept in {Directory}");
        }

        var next = CurrentLink + ".next";
        File.Delete(next);
        File.CreateSymbolicLink(next, id);

        // File.Move follows the link and refuses a directory, so rename(2) itself.
        if (Rename(next, CurrentLink) != 0)
        {
            throw new IOException($"cannot point {CurrentLink} at {id}: error {Marshal.GetLastPInvokeError()}");
        }
    }

    /// <summary>Deletes release <paramref name="id"/>, unless it is the one in service.</summary>
    public void Delete(string id)
    {
        if (Has(id) && id != Current)
        {
            System.IO.Directory.Delete(PathOf(id), recursive: true);
        }
    }

    /// <summary>
    /// Deletes the oldest releases beyond <paramref name="keep"/>, never the current one nor the one before it (which a
    /// rollback needs); returns the ids deleted.
    /// </summary>
    public IReadOnlyList<string> Prune(int keep)
    {
        var ids = Ids;
        var spared = new HashSet<string?>([Current, Previous], StringComparer.Ordinal);
        var deleted = ids.Take(Math.Max(0, ids.Count - keep)).Where(id => !spared.Contains(id)).ToList();
        foreach (var id in deleted)
        {
            Delete(id);
        }

        return deleted;
    }

    [LibraryImport("libc", EntryPoint = "rename", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Rename(string oldPath, string newPath);
}

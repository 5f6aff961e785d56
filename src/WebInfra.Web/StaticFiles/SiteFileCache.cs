using System.Collections.Concurrent;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Primitives;
using WebInfra.Topology.Model;

namespace WebInfra.Web.StaticFiles;

/// <summary>
/// The site's files as the static-file middleware sees them, answered from memory. Without it every static request
/// costs a stat, an open, a lock, a read and a close, and every forwarded request a failed stat; with it, none once
/// the path is known. An answer is trusted for <see cref="FileCacheSettings.Valid"/> and then checked against
/// the disk again, so a deploy shows within that time without relying on a file watcher (which network
/// filesystems do not have). The provider underneath keeps deciding what exists and what is excluded.
/// </summary>
internal sealed class SiteFileCache(IFileProvider files, FileCacheSettings settings, TimeProvider time) : IFileProvider
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private long _cachedBytes;

    /// <summary>Bytes of file content held now.</summary>
    public long CachedBytes => Interlocked.Read(ref _cachedBytes);

    public IFileInfo GetFileInfo(string subpath)
    {
        var now = time.GetTimestamp();
        if (_entries.TryGetValue(subpath, out var entry) && time.GetElapsedTime(entry.CheckedAt, now) < settings.Valid)
        {
            return entry.File;
        }

        return Refresh(subpath, entry, now);
    }

    public IDirectoryContents GetDirectoryContents(string subpath) => files.GetDirectoryContents(subpath);

    public IChangeToken Watch(string filter) => files.Watch(filter);

    private IFileInfo Refresh(string subpath, Entry? known, long now)
    {
        var file = files.GetFileInfo(subpath);
        if (known is not null && Unchanged(known.File, file))
        {
            known.CheckedAt = now;
            return known.File;
        }

        var fresh = Load(file, now);
        if (_entries.TryRemove(subpath, out var previous))
        {
            Release(previous.Bytes);
        }

        if (_entries.Count >= settings.MaxEntries)
        {
            Clear();
        }

        if (!_entries.TryAdd(subpath, fresh))
        {
            Release(fresh.Bytes);
        }

        return fresh.File;
    }

    private static bool Unchanged(IFileInfo known, IFileInfo current) =>
        known.Exists == current.Exists && (!current.Exists || (known.Length == current.Length && known.LastModified == current.LastModified));

    /// <summary>The entry for what the disk says now: the content itself when it is a file small enough to hold.</summary>
    private Entry Load(IFileInfo file, long now)
    {
        if (!file.Exists || file.IsDirectory || file.Length > settings.MaxFileSize || !TryReserve(file.Length))
        {
            return new Entry(file, 0, now);
        }

        var content = new byte[file.Length];
        using (var stream = file.CreateReadStream())
        {
            // Changed while being read: served from the disk this time, and nothing of it is held.
            if (stream.ReadAtLeast(content, content.Length, throwOnEndOfStream: false) != content.Length || stream.ReadByte() >= 0)
            {
                Release(content.Length);
                return new Entry(file, 0, now);
            }
        }

        return new Entry(new CachedFile(file, content), content.Length, now);
    }

    private bool TryReserve(long bytes)
    {
        if (Interlocked.Add(ref _cachedBytes, bytes) <= settings.MaxSize)
        {
            return true;
        }

        Release(bytes);
        return false;
    }

    private void Clear()
    {
        foreach (var path in _entries.Keys)
        {
            if (_entries.TryRemove(path, out var entry))
            {
                Release(entry.Bytes);
            }
        }
    }

    private void Release(long bytes) => Interlocked.Add(ref _cachedBytes, -bytes);

    private sealed class Entry(IFileInfo file, long bytes, long checkedAt)
    {
        public IFileInfo File { get; } = file;

        public long Bytes { get; } = bytes;

        public long CheckedAt { get; set; } = checkedAt;
    }
}

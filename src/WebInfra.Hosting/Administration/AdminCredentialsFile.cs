using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using WebInfra.Hosting.Logging;

namespace WebInfra.Hosting.Administration;

/// <summary>
/// The admin credentials as the file holds them now. Each use looks at the file's modification time and size (one
/// <c>stat</c>, no read) and reads it again only when they changed, so <c>webinfra secrets rotate</c> takes effect at
/// the next admin request of every running component, with no restart and no file watcher (which network filesystems
/// lack); the old tokens stop working at that moment. The file is replaced by a rename, so a read never sees half of it.
/// </summary>
public sealed partial class AdminCredentialsFile
{
    private static readonly TimeSpan s_timestampTick = TimeSpan.FromSeconds(1);

    private readonly string _path;
    private readonly ILogger _logger;
    private readonly Lock _lock = new();
    private (DateTime WrittenAt, long Length) _seen;
    private DateTime _readAt;
    private AdminTokenDigests? _digests;

    /// <summary>Watches the credentials file at <paramref name="path"/>, which may not exist yet.</summary>
    public AdminCredentialsFile(string path, ILogger<AdminCredentialsFile>? logger = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        _path = Path.GetFullPath(path);
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    /// <summary>The file's path.</summary>
    public string FilePath => _path;

    /// <summary>The credentials now, or null while there is no readable file.</summary>
    public AdminCredentials? Current => Digests?.Credentials;

    /// <summary>The digests of the credentials now, or null while there is no readable file.</summary>
    internal AdminTokenDigests? Digests
    {
        get
        {
            var file = new FileInfo(_path);
            if (!file.Exists)
            {
                return _digests;
            }

            var seen = (file.LastWriteTimeUtc, file.Length);
            lock (_lock)
            {
                // A file written less than a second before it was read may have been written again within the same
                // timestamp tick (file systems stamp with a coarse clock, and every version has the same size): such a
                // read is not trusted, and the file is read again until its time is safely in the past (git's "racy clean").
                if (seen == _seen && _digests is not null && _readAt - seen.LastWriteTimeUtc > s_timestampTick)
                {
                    return _digests;
                }

                try
                {
                    var credentials = AdminCredentials.Load(_path);
                    if (_digests is not null && _digests.Credentials != credentials)
                    {
                        Log.Reloaded(_logger, _path);
                    }

                    _digests = _digests?.Credentials == credentials ? _digests : new AdminTokenDigests(credentials);
                    _seen = seen;
                    _readAt = DateTime.UtcNow;
                }
                catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
                {
                    // Keep the tokens last read: a broken file must not open the listener, nor lock out its operators
                    // for longer than it takes to fix it. The next change of the file is read again.
                    if (seen != _seen)
                    {
                        Log.Unreadable(_logger, _path, e.Message);
                    }

                    _seen = seen;
                    _readAt = DateTime.UtcNow;
                }

                return _digests;
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventIds.AdminCredentialsReloaded, LogLevel.Information, "Admin credentials in {Path} changed: the new tokens apply from now, the old ones are refused")]
        public static partial void Reloaded(ILogger logger, string path);

        [LoggerMessage(EventIds.AdminCredentialsUnreadable, LogLevel.Warning, "Admin credentials in {Path} cannot be read ({Reason}); keeping the tokens read before")]
        public static partial void Unreadable(ILogger logger, string path, string reason);
    }
}

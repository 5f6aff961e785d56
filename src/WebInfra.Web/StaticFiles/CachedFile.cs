using Microsoft.Extensions.FileProviders;

namespace WebInfra.Web.StaticFiles;

/// <summary>A site file's content and metadata held in memory, served without opening the file again.</summary>
internal sealed class CachedFile(IFileInfo file, byte[] content) : IFileInfo
{
    public bool Exists => true;

    public bool IsDirectory => false;

    public long Length => content.Length;

    public string Name { get; } = file.Name;

    /// <summary>None: the static-file middleware then streams <see cref="CreateReadStream"/> instead of opening a path.</summary>
    public string? PhysicalPath => null;

    public DateTimeOffset LastModified { get; } = file.LastModified;

    public Stream CreateReadStream() => new MemoryStream(content, 0, content.Length, writable: false, publiclyVisible: true);
}

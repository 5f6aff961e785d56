using Microsoft.Extensions.FileProviders;

namespace WebInfra.Web.StaticFiles;

/// <summary>A site file's content and metadata held in memory, served without opening the file again.</summary>
internal sealed class CachedFile(IFileInfo file, byte[] content) : IFileInfo
{
    public bool Exists => true;

    public bool IsDirectory => false;

    public long Length => content.Length;

    public string Name { get; } = file.Name;

    /// <summary>
    /// The file's path on disk, so that the static-file middleware hands the body to the response's send-file
    /// feature, where <see cref="CachedFileBody"/> writes <see cref="Content"/> instead of reading the path.
    /// </summary>
    public string? PhysicalPath { get; } = file.PhysicalPath;

    public DateTimeOffset LastModified { get; } = file.LastModified;

    /// <summary>The content as it was when the file was read; the length and dates above describe this version.</summary>
    public ReadOnlyMemory<byte> Content => content;

    public Stream CreateReadStream() => new MemoryStream(content, 0, content.Length, writable: false, publiclyVisible: true);
}

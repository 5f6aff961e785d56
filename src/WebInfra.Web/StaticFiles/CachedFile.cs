using Microsoft.Extensions.FileProviders;

namespace WebInfra.Web.StaticFiles;

/// <summary>A site file's content and metadata held in memory, served without opening the file again.</summary>
internal sealed class CachedFile : IFileInfo
{
    private readonly byte[] _content;

    /// <summary>The content of <paramref name="file"/>, read from it.</summary>
    public CachedFile(IFileInfo file, byte[] content)
        : this(file.Name, file.PhysicalPath, file.LastModified, content)
    {
    }

    /// <summary>Content made in memory under <paramref name="name"/>, such as a compressed copy of a held file.</summary>
    public CachedFile(string name, string? physicalPath, DateTimeOffset lastModified, byte[] content)
    {
        Name = name;
        PhysicalPath = physicalPath;
        LastModified = lastModified;
        _content = content;
    }

    public bool Exists => true;

    public bool IsDirectory => false;

    public long Length => _content.Length;

    public string Name { get; }

    /// <summary>
    /// The file's path on disk, so that the static-file middleware hands the body to the response's send-file
    /// feature, where <see cref="CachedFileBody"/> writes <see cref="Content"/> instead of reading the path. For a copy
    /// made in memory, the path it would have beside its original: no such file is ever read.
    /// </summary>
    public string? PhysicalPath { get; }

    public DateTimeOffset LastModified { get; }

    /// <summary>The content as it was when the file was read; the length and dates above describe this version.</summary>
    public ReadOnlyMemory<byte> Content => _content;

    public Stream CreateReadStream() => new MemoryStream(_content, 0, _content.Length, writable: false, publiclyVisible: true);
}

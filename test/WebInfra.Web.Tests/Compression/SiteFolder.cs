using System.Text;

namespace WebInfra.Web.Tests.Compression;

/// <summary>A site's files in a folder of their own: a text page, a small file, an image and a stylesheet with precompressed variants.</summary>
internal sealed class SiteFolder : IDisposable
{
    /// <summary>4,400 bytes of HTML-like text.</summary>
    public static readonly string Page = string.Concat(Enumerable.Range(0, 100).Select(i => $"<p>paragraph {i,4} of the page</p>\n"));

    /// <summary>A stylesheet served from its <c>.br</c> and <c>.gz</c> variants.</summary>
    public static readonly string Style = string.Concat(Enumerable.Range(0, 100).Select(i => $".rule-{i,4} {{ margin: {i}px; }}\n"));

    public const string Small = "a line well under a kibibyte\n";

    public SiteFolder()
    {
        Write("page.html", Encoding.UTF8.GetBytes(Page));
        Write("small.txt", Encoding.UTF8.GetBytes(Small));
        Write("image.png", [.. Enumerable.Range(0, 4096).Select(i => (byte)i)]);
        Write("style.css", Encoding.UTF8.GetBytes(Style));
        Write("style.css.br", StyleBrotli);
        Write("style.css.gz", StyleGzip);
    }

    public string Path { get; } = Directory.CreateTempSubdirectory("webinfra-compression-").FullName;

    public byte[] StyleBrotli { get; } = CompressingSite.Brotli(Encoding.UTF8.GetBytes(Style));

    public byte[] StyleGzip { get; } = CompressingSite.Gzip(Encoding.UTF8.GetBytes(Style));

    public void Write(string name, byte[] content) => File.WriteAllBytes(System.IO.Path.Combine(Path, name), content);

    public void Dispose() => Directory.Delete(Path, recursive: true);
}

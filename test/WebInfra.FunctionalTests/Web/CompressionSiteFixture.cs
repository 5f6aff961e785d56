using System.IO.Compression;
using System.Net;
using System.Net.Sockets;
using System.Text;
using WebInfra.FunctionalTests.Infrastructure;

namespace WebInfra.FunctionalTests.Web;

/// <summary>
/// A balancer, two web servers and two application servers with a primary, on these tests' own addresses
/// (127.0.35.x), with the default compression and the firewall on (so each forwarder's connections leave from its
/// server's address, as they would from a host of its own). The site's files are a copy holding a generated
/// stylesheet, one with a precompressed <c>.br</c> beside it, and a file too small to compress.
/// </summary>
public sealed class CompressionSiteFixture : IAsyncLifetime
{
    public static readonly IPEndPoint Balancer = new(IPAddress.Parse("127.0.35.10"), 13580);

    /// <summary>server-2's application server, which the forwarding test replaces with a <see cref="RecordingMember"/>.</summary>
    public static readonly IPEndPoint Server2App = new(IPAddress.Parse("127.0.35.2"), 13582);

    /// <summary>Where the tests' requests come from: an address of no server.</summary>
    public static readonly IPAddress Client = IPAddress.Parse("127.0.35.100");

    /// <summary>About 30 KiB of CSS-like text, compressed on the fly.</summary>
    public static readonly string Stylesheet = string.Concat(Enumerable.Range(0, 1000).Select(i => $".rule-{i} {{ margin: {i % 17}px; }}\n"));

    /// <summary>A stylesheet sent from its <c>.br</c> file.</summary>
    public static readonly string Bundle = string.Concat(Enumerable.Range(0, 500).Select(i => $".bundle-{i} {{ padding: {i % 13}px; }}\n"));

    public const string Small = "small: well under the 1 KiB minimum\n";

    private const string Topology = """
        site:
          name: www.foobar.com
          files: {files}
        servers:
          lb-01:
            address: 127.0.35.10
            components:
              balancer: { port: 13580, backend: web }
          server-1:
            address: 127.0.35.1
            components:
              web: { port: 13581, backend: app }
              app: { port: 13582 }
              db: { port: 13536, role: primary }
          server-2:
            address: 127.0.35.2
            components:
              web: { port: 13581, backend: app }
              app: { port: 13582 }
        backends:
          web:
            members: [server-1/web, server-2/web]
            health: { interval: 200ms, timeout: 150ms, rise: 2, fall: 2 }
          app:
            members: [server-1/app, server-2/app]
            health: { interval: 200ms, timeout: 150ms, rise: 2, fall: 2 }
        firewall:
          enabled: true
        """;

    private readonly string _files = Directory.CreateTempSubdirectory("webinfra-files-").FullName;

    internal TestSite Site { get; private set; } = null!;

    /// <summary>The bytes of <c>bundle.css.br</c> as they are on disk.</summary>
    public byte[] BundleBrotli { get; private set; } = [];

    /// <summary>An HTTP client whose connections come from <see cref="Client"/>, that leaves bodies as they are sent.</summary>
    public HttpClient Http { get; } = new(new SocketsHttpHandler
    {
        UseProxy = false,
        AutomaticDecompression = DecompressionMethods.None,
        PooledConnectionLifetime = TimeSpan.Zero,
        ConnectCallback = async (context, cancellationToken) =>
        {
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            socket.Bind(new IPEndPoint(Client, 0));
            await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        },
    })
    {
        BaseAddress = new Uri($"http://{Balancer}/"),
        Timeout = TimeSpan.FromSeconds(10),
    };

    public async Task InitializeAsync()
    {
        Repository.CopySiteFilesTo(_files);

        var folder = Directory.CreateDirectory(Path.Combine(_files, "compression")).FullName;
        await File.WriteAllTextAsync(Path.Combine(folder, "site.css"), Stylesheet);
        await File.WriteAllTextAsync(Path.Combine(folder, "small.txt"), Small);
        await File.WriteAllTextAsync(Path.Combine(folder, "bundle.css"), Bundle);
        var packed = new MemoryStream();
        await using (var brotli = new BrotliStream(packed, CompressionLevel.SmallestSize))
        {
            await brotli.WriteAsync(Encoding.UTF8.GetBytes(Bundle));
        }

        BundleBrotli = packed.ToArray();
        await File.WriteAllBytesAsync(Path.Combine(folder, "bundle.css.br"), BundleBrotli);
        Site = await TestSite.StartAsync(Topology.Replace("{files}", _files, StringComparison.Ordinal));
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        await Site.DisposeAsync();
        Directory.Delete(_files, recursive: true);
    }
}

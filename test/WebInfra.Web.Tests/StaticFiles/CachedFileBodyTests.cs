using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.FileProviders.Physical;
using WebInfra.Web.StaticFiles;

namespace WebInfra.Web.Tests.StaticFiles;

public sealed class CachedFileBodyTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("webinfra-cached-body-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Held_file_goes_straight_to_the_server_when_the_body_in_front_does_not_compress()
    {
        var (context, front, server, file) = Install(compresses: false);

        await context.Features.GetRequiredFeature<IHttpResponseBodyFeature>().SendFileAsync(file.PhysicalPath!, 0, null);

        Assert.Equal("the held content", Encoding.UTF8.GetString(server.ToArray()));
        Assert.Equal(0, front.Length);
    }

    [Fact]
    public async Task Held_file_goes_through_the_body_in_front_when_it_compresses()
    {
        var (context, front, server, file) = Install(compresses: true);

        await context.Features.GetRequiredFeature<IHttpResponseBodyFeature>().SendFileAsync(file.PhysicalPath!, 4, 4);

        Assert.Equal("held", Encoding.UTF8.GetString(front.ToArray()));
        Assert.Equal(0, server.Length);
    }

    /// <summary>A response whose server body writes to one stream, behind a body that writes to another and, when it compresses, says so as it starts.</summary>
    private (HttpContext Context, MemoryStream Front, MemoryStream Server, CachedFile File) Install(bool compresses)
    {
        File.WriteAllText(Path.Combine(_folder, "file.txt"), "the held content");
        using var disk = new PhysicalFileProvider(_folder, ExclusionFilters.Sensitive);
        var info = disk.GetFileInfo("/file.txt");
        var file = new CachedFile(info, File.ReadAllBytes(info.PhysicalPath!));

        var context = new DefaultHttpContext();
        var server = new MemoryStream();
        var front = new MemoryStream();
        var serverBody = new StreamResponseBodyFeature(server);
        context.Features.Set(new ServerResponseBody(serverBody));
        context.Features.Set<IHttpResponseBodyFeature>(new FrontBody(front, context.Response, compresses));
        CachedFileBody.Install(context, file);
        return (context, front, server, file);
    }

    private sealed class FrontBody(Stream stream, HttpResponse response, bool compresses) : StreamResponseBodyFeature(stream)
    {
        public override Task StartAsync(CancellationToken cancellationToken = default)
        {
            if (compresses)
            {
                response.Headers.ContentEncoding = "gzip";
            }

            return base.StartAsync(cancellationToken);
        }
    }
}

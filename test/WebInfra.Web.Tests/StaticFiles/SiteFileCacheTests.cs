using System.Text;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.FileProviders.Physical;
using Microsoft.Extensions.Time.Testing;
using WebInfra.Topology.Model;
using WebInfra.Web.StaticFiles;

namespace WebInfra.Web.Tests.StaticFiles;

public sealed class SiteFileCacheTests : IDisposable
{
    private static readonly TimeSpan s_validity = TimeSpan.FromSeconds(1);
    private readonly string _folder = Path.Combine(AppContext.BaseDirectory, "test-site", Guid.NewGuid().ToString("N"));
    private readonly FakeTimeProvider _time = new();
    private readonly PhysicalFileProvider _disk;

    public SiteFileCacheTests()
    {
        Directory.CreateDirectory(_folder);
        _disk = new PhysicalFileProvider(_folder, ExclusionFilters.Sensitive);
    }

    public void Dispose()
    {
        _disk.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public void Known_file_is_served_from_memory_until_its_validity_ends()
    {
        Write("page.html", "one");
        var cache = Cache();
        Assert.Equal("one", Read(cache.GetFileInfo("/page.html")));
        Assert.IsType<CachedFile>(cache.GetFileInfo("/page.html"));

        Write("page.html", "two, longer");
        Assert.Equal("one", Read(cache.GetFileInfo("/page.html")));

        _time.Advance(s_validity);
        Assert.Equal("two, longer", Read(cache.GetFileInfo("/page.html")));
        Assert.Equal("two, longer".Length, cache.CachedBytes);
    }

    [Fact]
    public void Missing_file_is_remembered_then_found_once_the_validity_ends()
    {
        var cache = Cache();
        Assert.False(cache.GetFileInfo("/new.css").Exists);

        Write("new.css", "body{}");
        Assert.False(cache.GetFileInfo("/new.css").Exists);

        _time.Advance(s_validity);
        Assert.Equal("body{}", Read(cache.GetFileInfo("/new.css")));
    }

    [Fact]
    public void Deleted_file_is_no_longer_served_once_the_validity_ends()
    {
        Write("old.js", "x");
        var cache = Cache();
        Assert.True(cache.GetFileInfo("/old.js").Exists);

        File.Delete(Path.Combine(_folder, "old.js"));
        _time.Advance(s_validity);

        Assert.False(cache.GetFileInfo("/old.js").Exists);
        Assert.Equal(0, cache.CachedBytes);
    }

    [Fact]
    public void File_above_the_size_limit_is_served_from_disk()
    {
        Write("big.bin", "0123456789");
        var cache = Cache(FileCacheSettings.Default with { MaxFileSize = 4 });

        var file = cache.GetFileInfo("/big.bin");

        Assert.IsNotType<CachedFile>(file);
        Assert.Equal(Path.Combine(_folder, "big.bin"), file.PhysicalPath);
        Assert.Equal("0123456789", Read(file));
        Assert.Equal(0, cache.CachedBytes);
    }

    [Fact]
    public void Content_held_never_exceeds_the_memory_limit()
    {
        foreach (var name in new[] { "a", "b", "c" })
        {
            Write(name, "1234");
        }

        var cache = Cache(FileCacheSettings.Default with { MaxSize = 10 });
        var files = new[] { "/a", "/b", "/c" }.Select(cache.GetFileInfo).ToList();

        Assert.Equal(8, cache.CachedBytes);
        Assert.Equal(1, files.Count(file => file is not CachedFile));
        Assert.All(files, file => Assert.Equal("1234", Read(file)));
    }

    [Fact]
    public void Many_unknown_paths_empty_the_cache_instead_of_growing_it()
    {
        Write("index.html", "home");
        var cache = Cache(FileCacheSettings.Default with { MaxEntries = 3 });
        cache.GetFileInfo("/index.html");
        Assert.Equal(4, cache.CachedBytes);

        for (var i = 0; i < 3; i++)
        {
            Assert.False(cache.GetFileInfo($"/probe-{i}").Exists);
        }

        Assert.Equal(0, cache.CachedBytes);
        Assert.Equal("home", Read(cache.GetFileInfo("/index.html")));
    }

    [Fact]
    public void Hidden_files_stay_excluded()
    {
        Write(".env", "secret");

        Assert.False(Cache().GetFileInfo("/.env").Exists);
    }

    private SiteFileCache Cache(FileCacheSettings? settings = null) =>
        new(_disk, (settings ?? FileCacheSettings.Default) with { Valid = s_validity }, _time);

    private void Write(string name, string text)
    {
        var path = Path.Combine(_folder, name);
        var before = File.Exists(path) ? File.GetLastWriteTimeUtc(path) : DateTime.MinValue;
        File.WriteAllText(path, text);

        // A change within the filesystem's timestamp resolution must still look like a change.
        if (File.GetLastWriteTimeUtc(path) <= before)
        {
            File.SetLastWriteTimeUtc(path, before.AddSeconds(1));
        }
    }

    private static string Read(IFileInfo file)
    {
        using var reader = new StreamReader(file.CreateReadStream(), Encoding.UTF8);
        return reader.ReadToEnd();
    }
}

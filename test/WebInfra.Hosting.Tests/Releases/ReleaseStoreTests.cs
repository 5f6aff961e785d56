using WebInfra.Hosting.Releases;

namespace WebInfra.Hosting.Tests.Releases;

public sealed class ReleaseStoreTests : IDisposable
{
    private readonly TemporaryDirectory _state = new();
    private readonly TemporaryDirectory _sources = new();

    [Fact]
    public void Release_ids_count_up_from_r1_past_every_id_known_and_ignore_other_names()
    {
        Assert.Equal("r1", ReleaseStore.NextId([]));
        Assert.Equal("r11", ReleaseStore.NextId(["r2", "r10", "r9", "current", "r0", "rx", ""]));
        Assert.True(ReleaseStore.IsId("r7"));
        Assert.False(ReleaseStore.IsId("r-1"));
        Assert.False(ReleaseStore.IsId("r"));
        Assert.False(ReleaseStore.IsId("7"));
    }

    [Fact]
    public void A_release_holds_copies_of_the_site_and_application_without_the_run_state()
    {
        var site = Source("site", "index.html");
        var app = Source("app", "app.py");
        var store = new ReleaseStore(_state.Path, "server-1");

        // The run state inside the application's folder (its default is the topology's folder) is never copied.
        var state = Directory.CreateDirectory(Path.Combine(app, ".webinfra")).FullName;
        File.WriteAllText(Path.Combine(state, "state.json"), "{}");
        store.Create("r1", site, app, state);

        Assert.Equal("index.html", File.ReadAllText(Path.Combine(store.SiteOf("r1"), "index.html")));
        Assert.Equal("app.py", File.ReadAllText(Path.Combine(store.ApplicationOf("r1"), "app.py")));
        Assert.False(Directory.Exists(Path.Combine(store.ApplicationOf("r1"), ".webinfra")));
        Assert.Equal(["r1"], store.Ids);
        Assert.Null(store.Current);
    }

    [Fact]
    public void Switching_points_current_at_the_release_and_a_path_resolved_before_keeps_its_release()
    {
        var store = StoreWith(3);

        store.Switch("r1");
        var resolved = store.CurrentSite;
        store.Switch("r3");

        Assert.Equal("r3", store.Current);
        Assert.Equal("r2", store.Previous);
        Assert.Equal(store.SiteOf("r1"), resolved);
        Assert.Equal(store.SiteOf("r3"), store.CurrentSite);
        Assert.Equal(["r1", "r2", "r3"], store.Ids);
        Assert.Throws<DirectoryNotFoundException>(() => store.Switch("r9"));
        Assert.Equal("r3", store.Current);
    }

    [Fact]
    public void Pruning_keeps_the_newest_and_never_the_current_one_or_the_one_before_it()
    {
        var store = StoreWith(6);
        store.Switch("r6");

        Assert.Equal(["r1", "r2", "r3"], store.Prune(3));
        Assert.Equal(["r4", "r5", "r6"], store.Ids);

        // Rolled back to the oldest: it stays, whatever keep says, and only the older of the others may go.
        store.Switch("r4");
        Assert.Empty(store.Prune(2));
        Assert.Equal(["r5"], store.Prune(1));
        Assert.Equal(["r4", "r6"], store.Ids);
    }

    [Fact]
    public void Deleting_spares_the_release_in_service()
    {
        var store = StoreWith(2);
        store.Switch("r2");

        store.Delete("r2");
        store.Delete("r1");

        Assert.Equal(["r2"], store.Ids);
    }

    [Fact]
    public void The_digest_of_a_folder_changes_with_a_file_and_not_with_the_run_state_inside_it()
    {
        var site = Source("site", "index.html");
        var state = Directory.CreateDirectory(Path.Combine(site, "state")).FullName;
        var before = ReleaseFolder.Describe(site, state);

        File.WriteAllText(Path.Combine(state, "log"), "anything");
        Assert.Equal(before, ReleaseFolder.Describe(site, state));

        File.WriteAllText(Path.Combine(site, "index.html"), "changed");
        var after = ReleaseFolder.Describe(site, state);
        Assert.Equal((1, 7L), (after.Files, after.Bytes));
        Assert.NotEqual(before.Digest, after.Digest);
        Assert.False(ReleaseFolder.HasFiles(Directory.CreateDirectory(_sources.Combine("empty", "sub")).Parent!.FullName, state));
    }

    public void Dispose()
    {
        _state.Dispose();
        _sources.Dispose();
    }

    private ReleaseStore StoreWith(int releases)
    {
        var site = Source("site", "index.html");
        var store = new ReleaseStore(_state.Path, "server-1");
        for (var i = 1; i <= releases; i++)
        {
            store.Create(ReleaseStore.IdOf(i), site, application: null, _state.Path);
        }

        return store;
    }

    private string Source(string name, string file)
    {
        var folder = Directory.CreateDirectory(_sources.Combine(name)).FullName;
        File.WriteAllText(Path.Combine(folder, file), file);
        return folder;
    }
}

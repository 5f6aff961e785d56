using WebInfra.Hosting.Administration;

namespace WebInfra.Hosting.Tests.Administration;

public sealed class AdminCredentialsFileTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    [Fact]
    public void Missing_file_gives_no_credentials()
    {
        Assert.Null(new AdminCredentialsFile(AdminCredentials.PathIn(_directory.Path)).Current);
    }

    [Fact]
    public void Rotated_file_is_read_at_the_next_use_and_the_old_token_stops_working()
    {
        var path = AdminCredentials.PathIn(_directory.Path);
        var before = AdminCredentials.LoadOrCreate(path);
        var file = new AdminCredentialsFile(path);
        Assert.Equal(AdminScope.Admin, file.Digests!.ScopeOf(before.AdminToken));

        var after = AdminCredentials.Rotate(path);

        Assert.Equal(after, file.Current);
        Assert.Null(file.Digests!.ScopeOf(before.AdminToken));
        Assert.Null(file.Digests!.ScopeOf(before.ReadToken));
        Assert.Equal(AdminScope.Admin, file.Digests!.ScopeOf(after.AdminToken));
    }

    [Fact]
    public void Broken_file_keeps_the_tokens_read_before()
    {
        var path = AdminCredentials.PathIn(_directory.Path);
        var before = AdminCredentials.LoadOrCreate(path);
        var file = new AdminCredentialsFile(path);
        Assert.Equal(before, file.Current);

        File.WriteAllText(path, "{ not json");

        Assert.Equal(before, file.Current);
    }

    public void Dispose() => _directory.Dispose();
}

using System.Buffers.Text;
using WebInfra.Hosting.Administration;

namespace WebInfra.Hosting.Tests.Administration;

public sealed class AdminCredentialsTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    [Fact]
    public void Created_file_is_owner_only_and_holds_two_different_256_bit_tokens()
    {
        var path = AdminCredentials.PathIn(_directory.Path);

        var credentials = AdminCredentials.LoadOrCreate(path);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.GetDirectoryName(path)!));
        Assert.Equal(32, Base64Url.DecodeFromChars(credentials.AdminToken).Length);
        Assert.Equal(32, Base64Url.DecodeFromChars(credentials.ReadToken).Length);
        Assert.NotEqual(credentials.AdminToken, credentials.ReadToken);
        Assert.Equal(credentials, AdminCredentials.LoadOrCreate(path));
    }

    [Fact]
    public void Rotation_replaces_both_tokens()
    {
        var path = AdminCredentials.PathIn(_directory.Path);
        var before = AdminCredentials.LoadOrCreate(path);

        var after = AdminCredentials.Rotate(path);

        Assert.NotEqual(before.AdminToken, after.AdminToken);
        Assert.NotEqual(before.ReadToken, after.ReadToken);
        Assert.Equal(after, AdminCredentials.Load(path));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
    }

    [Fact]
    public void File_readable_by_others_is_refused_with_the_chmod_that_fixes_it()
    {
        var path = AdminCredentials.PathIn(_directory.Path);
        AdminCredentials.LoadOrCreate(path);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);

        var exception = Assert.Throws<InvalidDataException>(() => AdminCredentials.Load(path));

        Assert.Contains($"chmod 600 {path}", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToString_shows_no_token()
    {
        var credentials = new AdminCredentials("secret-admin", "secret-read");

        Assert.DoesNotContain("secret", credentials.ToString(), StringComparison.Ordinal);
    }

    public void Dispose() => _directory.Dispose();
}

using WebInfra.Database.Provisioning;

namespace WebInfra.Database.Tests.Provisioning;

public sealed class DatabaseSecretsTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Secrets_file_is_created_with_mode_0600()
    {
        var path = _directory.Combine("secrets.json");

        DatabaseSecrets.LoadOrCreate(path);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
    }

    [Fact]
    public void Missing_directory_is_created_for_the_owner_only()
    {
        var path = _directory.Combine("state", "secrets.json");

        DatabaseSecrets.LoadOrCreate(path);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(_directory.Combine("state")));
    }

    [Fact]
    public void Secrets_are_stable_across_loads()
    {
        var path = _directory.Combine("secrets.json");

        var created = DatabaseSecrets.LoadOrCreate(path);
        var loaded = DatabaseSecrets.LoadOrCreate(path);

        Assert.Equal(created, loaded);
        Assert.Empty(Directory.GetFiles(_directory.Path, "*.tmp"));
    }

    [Fact]
    public void Generated_secrets_use_the_WebInfra_accounts_and_long_alphanumeric_passwords()
    {
        var secrets = DatabaseSecrets.LoadOrCreate(_directory.Combine("secrets.json"));

        Assert.Equal(("webinfra_admin", "foobar_app", "webinfra_repl"), (secrets.AdminUser, secrets.AppUser, secrets.ReplicationUser));
        string[] passwords = [secrets.AdminPassword, secrets.AppPassword, secrets.ReplicationPassword];
        Assert.All(passwords, p => Assert.Matches("^[A-Za-z0-9]{24,}$", p));
        Assert.Equal(3, passwords.Distinct().Count());
    }

    [Fact]
    public void Each_installation_gets_its_own_passwords()
    {
        var first = DatabaseSecrets.LoadOrCreate(_directory.Combine("a.json"));
        var second = DatabaseSecrets.LoadOrCreate(_directory.Combine("b.json"));

        Assert.NotEqual(first.AdminPassword, second.AdminPassword);
    }

    [Fact]
    public void Concurrent_first_loads_agree_on_one_set_of_secrets()
    {
        // Many rounds with all threads released at once: a check-then-create race shows up within a few.
        const int Threads = 8;
        for (var round = 0; round < 10; round++)
        {
            var path = _directory.Combine($"secrets-{round}.json");
            using var start = new Barrier(Threads);
            var results = new DatabaseSecrets[Threads];

            var threads = Enumerable.Range(0, Threads).Select(i => new Thread(() =>
            {
                start.SignalAndWait();
                results[i] = DatabaseSecrets.LoadOrCreate(path);
            })).ToArray();
            Array.ForEach(threads, t => t.Start());
            Array.ForEach(threads, t => t.Join());

            Assert.Single(results.Distinct());
            Assert.Equal(results[0], DatabaseSecrets.LoadOrCreate(path));
        }

        Assert.Empty(Directory.GetFiles(_directory.Path, "*.tmp"));
    }

    [Fact]
    public void Creation_lock_file_is_private_too()
    {
        var path = _directory.Combine("secrets.json");

        DatabaseSecrets.LoadOrCreate(path);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path + ".lock"));
    }

    [Fact]
    public void Secrets_file_readable_by_others_is_refused()
    {
        var path = _directory.Combine("secrets.json");
        DatabaseSecrets.LoadOrCreate(path);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);

        var exception = Assert.Throws<InvalidDataException>(() => DatabaseSecrets.LoadOrCreate(path));

        Assert.Contains($"chmod 600 {path}", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Secrets_file_missing_a_password_is_refused()
    {
        var path = _directory.Combine("secrets.json");
        File.WriteAllText(path, """{ "adminUser": "webinfra_admin", "adminPassword": "x", "appUser": "foobar_app", "appPassword": "y", "replicationUser": "webinfra_repl" }""");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);

        var exception = Assert.Throws<InvalidDataException>(() => DatabaseSecrets.LoadOrCreate(path));

        Assert.Contains("replicationPassword", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Secrets_file_with_an_unsafe_user_name_is_refused()
    {
        var path = _directory.Combine("secrets.json");
        File.WriteAllText(path, """{ "adminUser": "admin'@'%", "adminPassword": "x", "appUser": "foobar_app", "appPassword": "y", "replicationUser": "webinfra_repl", "replicationPassword": "z" }""");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);

        var exception = Assert.Throws<InvalidDataException>(() => DatabaseSecrets.LoadOrCreate(path));

        Assert.Contains("AdminUser", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToString_names_the_accounts_but_not_the_passwords()
    {
        var text = TestNodes.Secrets.ToString();

        Assert.Contains("webinfra_admin", text, StringComparison.Ordinal);
        Assert.DoesNotContain("adminPw1", text, StringComparison.Ordinal);
        Assert.DoesNotContain("appPw2", text, StringComparison.Ordinal);
        Assert.DoesNotContain("replPw3", text, StringComparison.Ordinal);
    }
}

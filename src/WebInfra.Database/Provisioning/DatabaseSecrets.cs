using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using WebInfra.Database.Connections;
using WebInfra.Hosting.Security;

namespace WebInfra.Database.Provisioning;

/// <summary>
/// The three MariaDB accounts of an installation and their passwords. They are generated once per
/// installation and kept in one file that only its owner can read, so every node, the supervisor
/// and the application agree on them without any password in the topology or on a command line.
/// </summary>
/// <param name="AdminUser">The administrator (<c>ALL PRIVILEGES WITH GRANT OPTION</c>), used by WebInfra itself.</param>
/// <param name="AdminPassword">The administrator's password.</param>
/// <param name="AppUser">The application's account: reads and writes rows of the site database, cannot change its schema.</param>
/// <param name="AppPassword">The application's password.</param>
/// <param name="ReplicationUser">The account replicas use to read the primary's binary log.</param>
/// <param name="ReplicationPassword">The replication account's password.</param>
public sealed record DatabaseSecrets(
    string AdminUser,
    string AdminPassword,
    string AppUser,
    string AppPassword,
    string ReplicationUser,
    string ReplicationPassword)
{
    /// <summary>The administrator account WebInfra creates.</summary>
    public const string DefaultAdminUser = "webinfra_admin";

    /// <summary>The application account WebInfra creates.</summary>
    public const string DefaultAppUser = "foobar_app";

    /// <summary>The replication account WebInfra creates.</summary>
    public const string DefaultReplicationUser = "webinfra_repl";

    // 32 characters from 62 is about 190 bits: far beyond guessing, and safe in any quoting.
    private const int PasswordLength = 32;
    private const string PasswordAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    /// <summary>
    /// Loads the secrets at <paramref name="path"/>, or generates them and stores them there (mode 0600)
    /// when the file does not exist yet. Two processes racing to create the file end up with the same secrets.
    /// </summary>
    /// <param name="path">The secrets file; its directory is created (mode 0700) when missing, and a
    /// <c>.lock</c> file next to it serialises creation.</param>
    /// <returns>The installation's secrets.</returns>
    /// <exception cref="InvalidDataException">The file is readable by others or does not hold valid secrets.</exception>
    public static DatabaseSecrets LoadOrCreate(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var fullPath = Path.GetFullPath(path);
        var text = OwnerOnlyFiles.ReadOrCreate(fullPath, "Database secrets file",
            () => JsonSerializer.Serialize(Generate(), DatabaseSecretsJsonContext.Default.DatabaseSecrets));
        DatabaseSecrets? secrets;
        try
        {
            secrets = JsonSerializer.Deserialize(text, DatabaseSecretsJsonContext.Default.DatabaseSecrets);
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"Database secrets file {fullPath} is not valid: {ex.Message}", ex);
        }

        var errors = secrets is null ? ["it holds no secrets"] : secrets.Validate();
        if (errors.Count > 0)
        {
            throw new InvalidDataException($"Database secrets file {fullPath} is not valid: {string.Join("; ", errors)}.");
        }

        return secrets!;
    }

    internal static DatabaseSecrets Generate() => new(
        DefaultAdminUser, NewPassword(),
        DefaultAppUser, NewPassword(),
        DefaultReplicationUser, NewPassword());

    internal IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        foreach (var (name, value) in new[] { (nameof(AdminUser), AdminUser), (nameof(AppUser), AppUser), (nameof(ReplicationUser), ReplicationUser) })
        {
            if (!SqlText.IsSimpleName(value))
            {
                errors.Add($"{name} '{value}' is not 1 to {SqlText.MaxNameLength} letters, digits or underscores");
            }
        }

        foreach (var (name, value) in new[] { (nameof(AdminPassword), AdminPassword), (nameof(AppPassword), AppPassword), (nameof(ReplicationPassword), ReplicationPassword) })
        {
            if (string.IsNullOrEmpty(value) || value.Any(char.IsControl))
            {
                errors.Add($"{name} is empty or holds control characters");
            }
        }

        return errors;
    }

    private static string NewPassword() => RandomNumberGenerator.GetString(PasswordAlphabet, PasswordLength);

    // Records print every property; passwords must never reach a log through ToString().
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append($"AdminUser = {AdminUser}, AppUser = {AppUser}, ReplicationUser = {ReplicationUser}");
        return true;
    }
}

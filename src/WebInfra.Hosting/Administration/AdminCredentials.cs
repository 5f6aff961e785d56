using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text.Json;
using WebInfra.Hosting.Security;

namespace WebInfra.Hosting.Administration;

/// <summary>
/// The site's two admin bearer tokens, generated once per installation and kept in one file only its owner can read
/// (<c>secrets/admin.json</c> in the run state, next to the database's passwords), so that every component, the CLI
/// and the dashboard's sampler agree on them without any secret in the topology or on a command line.
/// </summary>
/// <remarks>
/// Bearer tokens rather than client certificates (mTLS): they work the same on loopback, in network namespaces and on
/// SSH hosts, Prometheus reads one from a file (<c>credentials_file</c>), and the CLI needs no certificate store.
/// Each is 256 random bits in base64url: far beyond guessing, and safe in a header or a file.
/// </remarks>
/// <param name="AdminToken">Grants <see cref="AdminScope.Admin"/>: every admin endpoint, those that change state included.</param>
/// <param name="ReadToken">Grants <see cref="AdminScope.Read"/>: the views and metrics only.</param>
public sealed record AdminCredentials(string AdminToken, string ReadToken)
{
    private const int TokenBytes = 32;
    private const string FileDescription = "Admin credentials file";

    /// <summary>The credentials file in a run-state folder.</summary>
    public static string PathIn(string stateDirectory) => Path.Combine(stateDirectory, "secrets", "admin.json");

    /// <summary>The token that grants <paramref name="scope"/>.</summary>
    public string TokenFor(AdminScope scope) => scope == AdminScope.Admin ? AdminToken : ReadToken;

    /// <summary>
    /// Loads the credentials at <paramref name="path"/>, or generates and stores them (mode 0600) when the file does
    /// not exist yet; processes racing to create it end up with the same tokens.
    /// </summary>
    /// <exception cref="InvalidDataException">The file is readable by others or does not hold two tokens.</exception>
    public static AdminCredentials LoadOrCreate(string path) =>
        Parse(path, OwnerOnlyFiles.ReadOrCreate(path, FileDescription, () => Serialize(Generate())));

    /// <summary>Loads the credentials at <paramref name="path"/>.</summary>
    /// <exception cref="FileNotFoundException">There is no such file.</exception>
    /// <exception cref="InvalidDataException">The file is readable by others or does not hold two tokens.</exception>
    public static AdminCredentials Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"no admin credentials at {path}", path);
        }

        return Parse(path, OwnerOnlyFiles.ReadSecret(path, FileDescription));
    }

    /// <summary>
    /// Replaces the credentials at <paramref name="path"/> with new tokens, atomically (a reader sees the old file or the
    /// new one). Running components pick them up at their next admin request; the old tokens stop working then.
    /// </summary>
    public static AdminCredentials Rotate(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var fullPath = System.IO.Path.GetFullPath(path);
        OwnerOnlyFiles.CreateDirectory(System.IO.Path.GetDirectoryName(fullPath)!);
        var rotated = Generate();
        OwnerOnlyFiles.ReplaceFile(fullPath, Serialize(rotated));
        return rotated;
    }

    internal static AdminCredentials Generate() => new(NewToken(), NewToken());

    internal static AdminCredentials Parse(string path, string text)
    {
        AdminCredentials? credentials;
        try
        {
            credentials = JsonSerializer.Deserialize(text, AdminCredentialsJsonContext.Default.AdminCredentials);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"Admin credentials file {path} is not valid: {e.Message}", e);
        }

        return credentials is { AdminToken.Length: > 0, ReadToken.Length: > 0 } && credentials.AdminToken != credentials.ReadToken
            ? credentials
            : throw new InvalidDataException($"Admin credentials file {path} is not valid: it needs two different non-empty tokens, admin_token and read_token.");
    }

    private static string Serialize(AdminCredentials credentials) =>
        JsonSerializer.Serialize(credentials, AdminCredentialsJsonContext.Default.AdminCredentials);

    private static string NewToken() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(TokenBytes));

    // Records print every property; a token must never reach a log through ToString().
    /// <inheritdoc />
    public override string ToString() => $"{nameof(AdminCredentials)} {{ {nameof(AdminToken)} = ***, {nameof(ReadToken)} = *** }}";
}

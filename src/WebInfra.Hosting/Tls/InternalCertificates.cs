using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using WebInfra.Hosting.Security;
using WebInfra.Topology.Model;

namespace WebInfra.Hosting.Tls;

/// <summary>
/// The site's internal certificate authority and a certificate per server, in the run-state folder's
/// <c>tls/internal/</c>, for the hops behind the balancer (<c>tls.internal</c>) and the database (<c>database.tls</c>).
/// Unlike the development CA, whose key is thrown away, this CA's key is kept (mode 0600) so that a server added later
/// gets a certificate from the same CA that every client already trusts. Each server's certificate names its address
/// and its name, so a client that connects to an address can check that the certificate is that server's.
/// </summary>
public sealed class InternalCertificates(string stateDirectory)
{
    /// <summary>Ten years: the CA outlives any site it is made for; the servers' certificates are the ones that turn over.</summary>
    private static readonly TimeSpan s_authorityLifetime = TimeSpan.FromDays(10 * 365);

    /// <summary>A year, as the site's development certificate; <c>up</c> renews one that has less than a month left.</summary>
    private static readonly TimeSpan s_serverLifetime = TimeSpan.FromDays(365);

    private static readonly TimeSpan s_renewBefore = TimeSpan.FromDays(30);

    /// <summary>The folder the files live in.</summary>
    public string Directory { get; } = Path.Combine(Path.GetFullPath(stateDirectory), "tls", "internal");

    /// <summary>The CA certificate every internal client trusts, and only it.</summary>
    public string AuthorityPath => Path.Combine(Directory, "ca.pem");

    /// <summary>The CA's private key, kept to sign the certificates of servers added later.</summary>
    public string AuthorityKeyPath => Path.Combine(Directory, "ca.key");

    /// <summary>Whether <paramref name="topology"/> uses the internal CA at all.</summary>
    public static bool AreUsedBy(Topology.Model.Topology topology)
    {
        ArgumentNullException.ThrowIfNull(topology);
        return topology.Tls.Internal || topology.Database.Tls;
    }

    /// <summary>The files of the server named <paramref name="serverName"/>.</summary>
    public ServerCertificateFiles For(string serverName) =>
        new(AuthorityPath, Path.Combine(Directory, serverName + ".pem"), Path.Combine(Directory, serverName + ".key"));

    /// <summary>
    /// Makes what is missing or no longer fits: the CA when it or its key is missing (and then every server's
    /// certificate again), and a server's certificate when it is missing, does not match its key, is not the CA's, does
    /// not name the server's current address, or expires within a month. Everything else is kept.
    /// </summary>
    /// <returns>What was made: <c>CA</c> and the names of the servers that got a certificate, in that order.</returns>
    public IReadOnlyList<string> Ensure(Topology.Model.Topology topology)
    {
        ArgumentNullException.ThrowIfNull(topology);
        OwnerOnlyFiles.CreateDirectory(Directory);
        var made = new List<string>();
        using var authority = LoadAuthorityWithKey() ?? CreateAuthority(topology, made);
        foreach (var server in topology.Servers.Where(s => !IsCurrent(s, authority)))
        {
            Issue(server, authority);
            made.Add(server.Name);
        }

        return made;
    }

    /// <summary>The CA certificate clients trust.</summary>
    public X509Certificate2 LoadAuthority() => File.Exists(AuthorityPath)
        ? X509Certificate2.CreateFromPem(File.ReadAllText(AuthorityPath))
        : throw Missing(AuthorityPath);

    /// <summary>The certificate, with its key, that the listeners of <paramref name="serverName"/> present.</summary>
    public X509Certificate2 LoadServerCertificate(string serverName)
    {
        var files = For(serverName);
        return File.Exists(files.CertificatePath) && File.Exists(files.KeyPath)
            ? X509Certificate2.CreateFromPemFile(files.CertificatePath, files.KeyPath)
            : throw Missing(files.CertificatePath);
    }

    private FileNotFoundException Missing(string path) =>
        new($"no internal certificate {path}; run './webinfra cert' (or 'up', which makes them) to create the internal CA in {Directory}", path);

    private X509Certificate2? LoadAuthorityWithKey()
    {
        if (!File.Exists(AuthorityPath) || !File.Exists(AuthorityKeyPath))
        {
            return null;
        }

        var authority = X509Certificate2.CreateFromPemFile(AuthorityPath, AuthorityKeyPath);
        if (authority.NotAfter.ToUniversalTime() > DateTime.UtcNow + s_renewBefore)
        {
            return authority;
        }

        authority.Dispose();
        return null;
    }

    private X509Certificate2 CreateAuthority(Topology.Model.Topology topology, List<string> made)
    {
        using var key = CertificateIssuer.CreateKey();
        var authority = CertificateIssuer.CreateAuthority($"CN=WebInfra internal CA for {topology.Site.Name}", key, s_authorityLifetime);
        OwnerOnlyFiles.ReplaceFile(AuthorityKeyPath, key.ExportPkcs8PrivateKeyPem());
        File.WriteAllText(AuthorityPath, authority.ExportCertificatePem() + "\n");
        made.Add("CA");
        return authority;
    }

    private bool IsCurrent(Server server, X509Certificate2 authority)
    {
        var files = For(server.Name);
        if (!File.Exists(files.CertificatePath) || !File.Exists(files.KeyPath))
        {
            return false;
        }

        try
        {
            using var certificate = X509Certificate2.CreateFromPem(File.ReadAllText(files.CertificatePath));
            using var key = ECDsa.Create();
            key.ImportFromPem(File.ReadAllText(files.KeyPath));
            var names = certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().SingleOrDefault();
            return certificate.PublicKey.ExportSubjectPublicKeyInfo().AsSpan().SequenceEqual(key.ExportSubjectPublicKeyInfo())
                && CertificateIssuer.IsIssuedBy(certificate, authority, CertificateIssuer.ServerAuthentication)
                && names is not null && names.EnumerateIPAddresses().Contains(server.Address) && names.EnumerateDnsNames().Contains(server.Name)
                && certificate.NotAfter.ToUniversalTime() > DateTime.UtcNow + s_renewBefore;
        }
        catch (CryptographicException)
        {
            // Not a certificate or not an ECDSA key (say, a file copied over by hand): a new pair replaces it.
            return false;
        }
        catch (ArgumentException)
        {
            // ImportFromPem found no key it understands.
            return false;
        }
    }

    private void Issue(Server server, X509Certificate2 authority)
    {
        using var key = CertificateIssuer.CreateKey();
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(server.Address);
        names.AddDnsName(server.Name);
        using var certificate = CertificateIssuer.Issue(authority, $"CN={server.Name}", key, names, s_serverLifetime,
            CertificateIssuer.ServerAuthentication, CertificateIssuer.ClientAuthentication);
        var files = For(server.Name);
        OwnerOnlyFiles.ReplaceFile(files.KeyPath, key.ExportPkcs8PrivateKeyPem());
        File.WriteAllText(files.CertificatePath, certificate.ExportCertificatePem() + "\n");
    }
}

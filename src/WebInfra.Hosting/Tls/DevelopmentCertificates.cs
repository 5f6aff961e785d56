using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using WebInfra.Topology.Model;

namespace WebInfra.Hosting.Tls;

/// <summary>
/// A development certificate authority and a certificate for the site's name and its balancers' addresses, kept in
/// the run-state folder, so that HTTPS works on one machine without a public CA. Clients trust the CA's file
/// (<c>curl --cacert</c>, or the system store). The CA's key is thrown away once the site's certificate is signed, so
/// trusting the CA trusts that one certificate and nothing else; the site's key is readable by its owner only.
/// </summary>
public sealed class DevelopmentCertificates(string stateDirectory)
{
    /// <summary>The folder the files live in.</summary>
    public string Directory { get; } = Path.Combine(stateDirectory, "tls");

    /// <summary>The CA certificate clients trust.</summary>
    public string AuthorityPath => Path.Combine(Directory, "ca.pem");

    /// <summary>The site's certificate, followed by the CA's.</summary>
    public string CertificatePath => Path.Combine(Directory, "site.pem");

    /// <summary>The site's private key.</summary>
    public string KeyPath => Path.Combine(Directory, "site.key");

    /// <summary>Whether the certificate and its key exist.</summary>
    public bool Exist => File.Exists(CertificatePath) && File.Exists(KeyPath) && File.Exists(AuthorityPath);

    /// <summary>Makes a new CA and a site certificate valid for a year for the topology's name and every balancer's address.</summary>
    public void Create(Topology.Model.Topology topology)
    {
        ArgumentNullException.ThrowIfNull(topology);
        System.IO.Directory.CreateDirectory(Directory);
        var now = DateTimeOffset.UtcNow.AddMinutes(-5);

        using var authorityKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var authorityRequest = new CertificateRequest($"CN=WebInfra development CA for {topology.Site.Name}", authorityKey, HashAlgorithmName.SHA256);
        authorityRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        authorityRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        authorityRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(authorityRequest.PublicKey, false));
        using var authority = authorityRequest.CreateSelfSigned(now, now.AddYears(5));

        using var siteKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var siteRequest = new CertificateRequest($"CN={topology.Site.Name}", siteKey, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(topology.Site.Name);
        names.AddDnsName("localhost");
        foreach (var address in topology.Components.Where(c => c.HttpsPort is not null).Select(c => c.Address).Append(IPAddress.Loopback).Distinct())
        {
            names.AddIpAddress(address);
        }

        siteRequest.CertificateExtensions.Add(names.Build());
        siteRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        siteRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        siteRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        siteRequest.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(authority, true, false));
        using var site = siteRequest.Create(authority, now, now.AddYears(1), RandomNumberGenerator.GetBytes(16));

        WritePrivate(KeyPath, siteKey.ExportPkcs8PrivateKeyPem());
        File.WriteAllText(CertificatePath, site.ExportCertificatePem() + "\n" + authority.ExportCertificatePem() + "\n");
        File.WriteAllText(AuthorityPath, authority.ExportCertificatePem() + "\n");
    }

    /// <summary>The certificate a balancer presents: the topology's PEM files, or the development one.</summary>
    public static X509Certificate2 LoadSiteCertificate(TlsSettings tls, string stateDirectory)
    {
        ArgumentNullException.ThrowIfNull(tls);
        var development = new DevelopmentCertificates(stateDirectory);
        var (certificate, key) = tls.CertificatePath is { } path && tls.KeyPath is { } keyPath
            ? (path, keyPath)
            : (development.CertificatePath, development.KeyPath);
        if (!File.Exists(certificate) || !File.Exists(key))
        {
            throw new FileNotFoundException(tls.CertificatePath is null
                ? $"no development certificate in {development.Directory}; run './webinfra cert' (or 'up', which makes one)"
                : $"the site's certificate {certificate} or key {key} does not exist", certificate);
        }

        return X509Certificate2.CreateFromPemFile(certificate, key);
    }

    private static void WritePrivate(string path, string content)
    {
        if (OperatingSystem.IsWindows())
        {
            File.WriteAllText(path, content);
            return;
        }

        // Created with mode 0600 rather than narrowed afterwards, so the key is never readable by others, even briefly;
        // an existing file keeps its mode, so it is narrowed as well.
        const UnixFileMode ownerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using (var stream = new FileStream(path, new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, UnixCreateMode = ownerOnly }))
        using (var writer = new StreamWriter(stream))
        {
            writer.Write(content);
        }

        File.SetUnixFileMode(path, ownerOnly);
    }
}

using System.Net;
using System.Security.Cryptography.X509Certificates;
using WebInfra.Hosting.Security;
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

    /// <summary>Makes a new CA and a site certificate valid for a year for the topology's name and the address of every balancer and of the dashboard.</summary>
    public void Create(Topology.Model.Topology topology)
    {
        ArgumentNullException.ThrowIfNull(topology);
        System.IO.Directory.CreateDirectory(Directory);
        using var authorityKey = CertificateIssuer.CreateKey();
        using var authority = CertificateIssuer.CreateAuthority($"CN=WebInfra development CA for {topology.Site.Name}", authorityKey, TimeSpan.FromDays(5 * 365));

        using var siteKey = CertificateIssuer.CreateKey();
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(topology.Site.Name);
        names.AddDnsName("localhost");
        foreach (var address in topology.Components.Where(c => c.HttpsPort is not null || topology.ServesSiteTls(c)).Select(c => c.Address).Concat(topology.Vips.Select(v => v.Address)).Append(IPAddress.Loopback).Distinct())
        {
            names.AddIpAddress(address);
        }

        using var site = CertificateIssuer.Issue(authority, $"CN={topology.Site.Name}", siteKey, names, TimeSpan.FromDays(365), CertificateIssuer.ServerAuthentication);
        OwnerOnlyFiles.ReplaceFile(KeyPath, siteKey.ExportPkcs8PrivateKeyPem());
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
}

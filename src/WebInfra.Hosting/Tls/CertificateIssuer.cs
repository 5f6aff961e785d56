using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace WebInfra.Hosting.Tls;

/// <summary>
/// The one way WebInfra makes certificates, for the development CA and for the internal CA: ECDSA P-256 keys, SHA-256
/// signatures, a CA that may sign end certificates only (path length 0), and end certificates that cannot sign others.
/// </summary>
internal static class CertificateIssuer
{
    /// <summary>Extended key usage: TLS server authentication.</summary>
    public static readonly Oid ServerAuthentication = new("1.3.6.1.5.5.7.3.1");

    /// <summary>Extended key usage: TLS client authentication.</summary>
    public static readonly Oid ClientAuthentication = new("1.3.6.1.5.5.7.3.2");

    /// <summary>A new key of the kind every WebInfra certificate uses.</summary>
    public static ECDsa CreateKey() => ECDsa.Create(ECCurve.NamedCurves.nistP256);

    /// <summary>A self-signed CA certificate for <paramref name="key"/>, valid from five minutes ago (clock skew) for <paramref name="lifetime"/>.</summary>
    public static X509Certificate2 CreateAuthority(string subject, ECDsa key, TimeSpan lifetime)
    {
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var notBefore = DateTimeOffset.UtcNow.AddMinutes(-5);
        return request.CreateSelfSigned(notBefore, notBefore + lifetime);
    }

    /// <summary>
    /// A certificate for <paramref name="key"/> and <paramref name="names"/> signed by <paramref name="authority"/> (which
    /// holds its private key), for <paramref name="usages"/>, valid for <paramref name="lifetime"/> or until the CA expires.
    /// </summary>
    public static X509Certificate2 Issue(X509Certificate2 authority, string subject, ECDsa key, SubjectAlternativeNameBuilder names, TimeSpan lifetime, params Oid[] usages)
    {
        ArgumentNullException.ThrowIfNull(authority);
        ArgumentNullException.ThrowIfNull(names);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([.. usages], false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(authority, true, false));
        var notBefore = DateTimeOffset.UtcNow.AddMinutes(-5);
        var notAfter = notBefore + lifetime < authority.NotAfter ? notBefore + lifetime : new DateTimeOffset(authority.NotAfter.ToUniversalTime());
        return request.Create(authority, notBefore, notAfter, RandomNumberGenerator.GetBytes(16));
    }

    /// <summary>Whether <paramref name="certificate"/> chains to <paramref name="authority"/> alone, for <paramref name="usage"/>, now.</summary>
    public static bool IsIssuedBy(X509Certificate2 certificate, X509Certificate2 authority, Oid usage)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(authority);

        // The CA publishes no revocation list: a compromised key is handled by a new CA (delete tls/internal, run 'up').
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.ApplicationPolicy.Add(usage);
        return chain.Build(certificate);
    }
}

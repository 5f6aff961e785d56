namespace WebInfra.Hosting.Tls;

/// <summary>
/// Where one server's internal certificate, its key and the CA that signed it are, as absolute paths: what a
/// listener on that server presents and what mariadbd reads from its command line.
/// </summary>
/// <param name="AuthorityPath">The internal CA's certificate (PEM), which clients trust.</param>
/// <param name="CertificatePath">The server's certificate (PEM).</param>
/// <param name="KeyPath">The server's private key (PEM, PKCS#8, mode 0600).</param>
public sealed record ServerCertificateFiles(string AuthorityPath, string CertificatePath, string KeyPath);

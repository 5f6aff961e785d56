namespace WebInfra.Topology.Model;

/// <summary>
/// The site's certificate and how long browsers must remember to use HTTPS. Without certificate and key files, a
/// balancer with an <c>https_port</c> presents the development certificate that <c>webinfra cert</c> makes.
/// <see cref="Internal"/> re-encrypts the hops behind the balancer, so that traffic is not clear text once past it.
/// </summary>
/// <param name="CertificatePath">Absolute path of the PEM certificate (chain), or null for the development certificate.</param>
/// <param name="KeyPath">Absolute path of the PEM private key, or null for the development certificate.</param>
/// <param name="Hsts">The <c>Strict-Transport-Security</c> max-age; zero sends none.</param>
public sealed record TlsSettings(string? CertificatePath, string? KeyPath, TimeSpan Hsts)
{
    /// <summary>Two years, the longest max-age the HSTS preload list asks for.</summary>
    public const int MaximumHstsSeconds = 2 * 365 * 24 * 3600;

    /// <summary>
    /// Whether the web and application servers that are members of a backend listen with HTTPS, presenting a certificate
    /// of the site's internal CA, and their balancers and web servers forward and health-check over HTTPS trusting that
    /// CA only. False (the default) keeps the inner hops plain HTTP.
    /// </summary>
    public bool Internal { get; init; }

    /// <summary>The development certificate and a year of HSTS (what Mozilla's server-side TLS guide recommends, at least 6 months).</summary>
    public static TlsSettings Default { get; } = new(null, null, TimeSpan.FromDays(365));
}

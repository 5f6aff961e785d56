namespace WebInfra.Topology.Model;

/// <summary>
/// The site's certificate and how long browsers must remember to use HTTPS. Without certificate and key files, a
/// balancer with an <c>https_port</c> presents the development certificate that <c>webinfra cert</c> makes.
/// </summary>
/// <param name="CertificatePath">Absolute path of the PEM certificate (chain), or null for the development certificate.</param>
/// <param name="KeyPath">Absolute path of the PEM private key, or null for the development certificate.</param>
/// <param name="Hsts">The <c>Strict-Transport-Security</c> max-age; zero sends none.</param>
public sealed record TlsSettings(string? CertificatePath, string? KeyPath, TimeSpan Hsts)
{
    /// <summary>Two years, the longest max-age the HSTS preload list asks for.</summary>
    public const int MaximumHstsSeconds = 2 * 365 * 24 * 3600;

    /// <summary>The development certificate and a year of HSTS (what Mozilla's server-side TLS guide recommends, at least 6 months).</summary>
    public static TlsSettings Default { get; } = new(null, null, TimeSpan.FromDays(365));
}

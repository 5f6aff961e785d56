using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace WebInfra.Hosting.Tls;

/// <summary>
/// Re-encryption behind the balancer (<c>tls.internal</c>): a web or application server that is a member of a backend
/// listens with HTTPS presenting its server's internal certificate, with the same protocols and cipher suites as the
/// balancer's <see cref="SiteTls"/> profile; the components that forward to it accept a certificate only when it chains
/// to the internal CA (and to nothing else, not the system's roots) and names the address they connected to.
/// </summary>
public static class InternalTls
{
    /// <summary>Makes <paramref name="listen"/> an HTTPS listener presenting the internal certificate of <paramref name="context"/>'s server.</summary>
    public static ListenOptions UseInternalHttps(this ListenOptions listen, ComponentContext context)
    {
        ArgumentNullException.ThrowIfNull(listen);
        ArgumentNullException.ThrowIfNull(context);
        var certificate = new InternalCertificates(context.StateDirectory).LoadServerCertificate(context.Component.ServerName);
        return listen.UseHttpsProfile(() => certificate);
    }

    /// <summary>
    /// What a forwarder's client needs to connect to members that listen with the internal certificate: TLS 1.2/1.3 with
    /// the profile's cipher suites, and a validation that trusts the internal CA of <paramref name="stateDirectory"/> only.
    /// </summary>
    public static SslClientAuthenticationOptions ClientOptions(string stateDirectory)
    {
        var authority = new InternalCertificates(stateDirectory).LoadAuthority();
        return new SslClientAuthenticationOptions
        {
            EnabledSslProtocols = SiteTls.Protocols,
            CipherSuitesPolicy = SiteTls.CipherSuitesPolicy,
            RemoteCertificateValidationCallback = (_, certificate, _, errors) => IsMemberCertificate(authority, certificate, errors),
        };
    }

    /// <summary>
    /// .NET has checked that a certificate came and that it names the host that was asked for (the member's IP
    /// address, against the certificate's IP names); its chain was built against the system's roots, which do not
    /// include the internal CA, so that error is expected and the chain is built again against the internal CA alone.
    /// A chain built here, not with a shared <see cref="X509ChainPolicy"/>, so no two handshakes share a mutable policy.
    /// </summary>
    private static bool IsMemberCertificate(X509Certificate2 authority, X509Certificate? certificate, SslPolicyErrors errors) =>
        certificate is X509Certificate2 presented
        && (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) == SslPolicyErrors.None
        && CertificateIssuer.IsIssuedBy(presented, authority, CertificateIssuer.ServerAuthentication);
}

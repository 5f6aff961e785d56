using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using WebInfra.Topology.Model;

namespace WebInfra.Hosting.Tls;

/// <summary>
/// HTTPS at the balancer, configured as Mozilla's "intermediate" server-side TLS profile: TLS 1.2 and 1.3 only,
/// forward-secret AEAD cipher suites only, HTTP/2 and HTTP/1.1 by ALPN; the plain port answers 301 to HTTPS and
/// HTTPS responses carry HSTS.
/// </summary>
public static class SiteTls
{
    /// <summary>The cipher suites offered: TLS 1.3's three, then ECDHE with AES-GCM or ChaCha20-Poly1305 for TLS 1.2.</summary>
    public static IReadOnlyList<TlsCipherSuite> CipherSuites { get; } =
    [
        TlsCipherSuite.TLS_AES_128_GCM_SHA256,
        TlsCipherSuite.TLS_AES_256_GCM_SHA384,
        TlsCipherSuite.TLS_CHACHA20_POLY1305_SHA256,
        TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
        TlsCipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
        TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
        TlsCipherSuite.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
        TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
        TlsCipherSuite.TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256,
    ];

    /// <summary>Makes <paramref name="listen"/> an HTTPS listener presenting the site's certificate, as it is when each connection is accepted.</summary>
    public static ListenOptions UseSiteHttps(this ListenOptions listen, SiteCertificate certificate)
    {
        ArgumentNullException.ThrowIfNull(listen);
        ArgumentNullException.ThrowIfNull(certificate);
        return listen.UseHttpsProfile(() => certificate.Current);
    }

    /// <summary>The protocols every WebInfra TLS endpoint allows, client or server.</summary>
    internal const SslProtocols Protocols = SslProtocols.Tls12 | SslProtocols.Tls13;

    /// <summary><see cref="CipherSuites"/> as a policy, or null on Windows, which takes its cipher suites from the system's policy, not from the process.</summary>
    internal static CipherSuitesPolicy? CipherSuitesPolicy { get; } = OperatingSystem.IsWindows() ? null : new CipherSuitesPolicy(CipherSuites);

    /// <summary>Makes <paramref name="listen"/> an HTTPS listener presenting what <paramref name="certificate"/> returns at each handshake, with this profile.</summary>
    internal static ListenOptions UseHttpsProfile(this ListenOptions listen, Func<X509Certificate2> certificate)
    {
        listen.Protocols = HttpProtocols.Http1AndHttp2;
        return listen.UseHttps(new HttpsConnectionAdapterOptions
        {
            ServerCertificateSelector = (_, _) => certificate(),
            SslProtocols = Protocols,
            OnAuthenticate = (_, options) => options.CipherSuitesPolicy = CipherSuitesPolicy,
        });
    }

    /// <summary>Registers the redirect to <paramref name="httpsPort"/> and HSTS.</summary>
    public static IServiceCollection AddSiteTls(this IServiceCollection services, int httpsPort, TlsSettings tls)
    {
        ArgumentNullException.ThrowIfNull(tls);
        services.AddHttpsRedirection(options =>
        {
            options.RedirectStatusCode = StatusCodes.Status301MovedPermanently;
            options.HttpsPort = httpsPort;
        });
        services.AddHsts(options =>
        {
            options.MaxAge = tls.Hsts;

            // The site may well be reached by a loopback address on one machine; HSTS applies there too.
            options.ExcludedHosts.Clear();
        });
        return services;
    }

    /// <summary>Answers plain HTTP with a 301 to HTTPS, and adds HSTS to HTTPS responses.</summary>
    public static IApplicationBuilder UseSiteTls(this IApplicationBuilder app, TlsSettings tls)
    {
        ArgumentNullException.ThrowIfNull(tls);
        if (tls.Hsts > TimeSpan.Zero)
        {
            app.UseHsts();
        }

        return app.UseHttpsRedirection();
    }
}

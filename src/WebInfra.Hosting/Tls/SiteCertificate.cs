using System.Security.Cryptography.X509Certificates;
using WebInfra.Hosting.Reloading;

namespace WebInfra.Hosting.Tls;

/// <summary>
/// The certificate a component presents to the site's visitors, chosen again for each new TLS connection: a reload loads
/// the topology's certificate files again (a renewed certificate in the same files, or other files), and new connections
/// get it while those already open keep theirs, with no restart and no connection refused.
/// </summary>
public sealed class SiteCertificate : IReloadable
{
    private X509Certificate2 _current;

    /// <summary>Loads the certificate of <paramref name="context"/>'s topology.</summary>
    public SiteCertificate(ComponentContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        _current = DevelopmentCertificates.LoadSiteCertificate(context.Topology.Tls, context.StateDirectory);
    }

    /// <summary>What a connection accepted now is shown.</summary>
    public X509Certificate2 Current => Volatile.Read(ref _current);

    /// <inheritdoc/>
    /// <remarks>The certificate it replaces is not disposed: a handshake under way may still be using it.</remarks>
    public void Reload(ComponentContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        Volatile.Write(ref _current, DevelopmentCertificates.LoadSiteCertificate(context.Topology.Tls, context.StateDirectory));
    }
}

using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace WebInfra.FunctionalTests.Infrastructure;

/// <summary>Client-side validation that trusts one CA file and nothing else, as a client told <c>--cacert</c> would.</summary>
internal static class CertificateTrust
{
    /// <summary>Accepts the server's certificate only when it chains to the CA in <paramref name="authorityPath"/> and names what was asked for.</summary>
    public static RemoteCertificateValidationCallback Only(string authorityPath)
    {
        var authority = X509Certificate2.CreateFromPem(File.ReadAllText(authorityPath));
        return (_, certificate, _, errors) =>
        {
            if (certificate is not X509Certificate2 presented || (errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0)
            {
                return false;
            }

            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.Add(authority);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            return chain.Build(presented);
        };
    }
}

using System.Reflection;
using System.Security.Cryptography;
using Microsoft.Net.Http.Headers;

namespace WebInfra.Monitoring.Dashboard;

/// <summary>
/// The page's files (HTML, CSS, JavaScript, icon), embedded in this assembly so the dashboard works wherever the
/// binary runs, with no internet and no content folder to ship. Each carries an entity tag for revalidation.
/// </summary>
internal sealed class DashboardAssets
{
    private const string ResourcePrefix = "WebInfra.Monitoring.Dashboard.Assets.";

    private readonly Dictionary<string, DashboardAsset> _byName;

    private DashboardAssets(Dictionary<string, DashboardAsset> byName) => _byName = byName;

    /// <summary>Every embedded file, by its file name.</summary>
    public IReadOnlyDictionary<string, DashboardAsset> ByName => _byName;

    /// <summary>Reads the embedded files once.</summary>
    public static DashboardAssets Load()
    {
        var assembly = typeof(DashboardAssets).Assembly;
        var byName = new Dictionary<string, DashboardAsset>(StringComparer.Ordinal);
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)))
        {
            var name = resource[ResourcePrefix.Length..];
            var content = Read(assembly, resource);
            var tag = new EntityTagHeaderValue($"\"{Convert.ToHexStringLower(SHA256.HashData(content))[..16]}\"");
            byName.Add(name, new DashboardAsset(content, ContentTypeOf(name), tag));
        }

        return new DashboardAssets(byName);
    }

    private static byte[] Read(Assembly assembly, string resource)
    {
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }

    private static string ContentTypeOf(string name) => Path.GetExtension(name) switch
    {
        ".html" => "text/html; charset=utf-8",
        ".css" => "text/css; charset=utf-8",
        ".js" => "text/javascript; charset=utf-8",
        ".svg" => "image/svg+xml",
        _ => "application/octet-stream",
    };
}

using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using WebInfra.Balancer;
using WebInfra.Hosting;
using WebInfra.Hosting.AccessLogs;
using WebInfra.Hosting.Metrics;
using WebInfra.Web.Compression;
using WebInfra.Web.StaticFiles;

namespace WebInfra.Web;

/// <summary>
/// The web server component (nginx's role): serves the site's files itself and forwards every other request to
/// the application servers of its backend, balanced and health-checked like the balancer's own backend.
/// </summary>
public static class WebServerExtensions
{
    /// <summary>Adds the web server's services for the component in <paramref name="context"/>.</summary>
    public static WebApplicationBuilder AddWebServer(this WebApplicationBuilder builder, ComponentContext context)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddBackendProxy(context);
        builder.Services.AddSiteCompression(context.Topology.Site.Compression);
        builder.Services.AddAccessLog(context);
        return builder;
    }

    /// <summary>
    /// Maps the pipeline: shared component endpoints, then compression (around everything after it, so files and
    /// forwarded responses alike), then static files, then routing to the proxy. Routing runs after the static files
    /// on purpose: the proxy's catch-all route would otherwise claim every path first.
    /// </summary>
    public static WebApplication MapWebServer(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var context = app.Services.GetRequiredService<ComponentContext>();
        app.UseComponentDefaults(RequestClass.Static);
        var siteFiles = SiteFiles.CreateOptions(context.Topology.Site, context.SiteFilesDirectory);
        app.UseSiteCompression(context.Topology.Site.Compression, siteFiles);
        app.UseStaticFiles(siteFiles);
        app.UseRouting();
        app.MapBackendProxy();
        return app;
    }
}

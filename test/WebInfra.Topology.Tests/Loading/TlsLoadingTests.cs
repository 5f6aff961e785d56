using WebInfra.Topology.Model;

namespace WebInfra.Topology.Tests.Loading;

public sealed class TlsLoadingTests
{
    private static readonly string s_httpsBalancer = TopologyText.DistributedWith(
        "balancer: { port: 8080, backend: web }", "balancer: { port: 8080, https_port: 8443, backend: web }");

    [Fact]
    public void Balancer_https_port_is_read_and_the_development_certificate_is_the_default()
    {
        var topology = TopologyText.Load(s_httpsBalancer);

        Assert.Equal(8443, topology.EntryPoint!.HttpsPort);
        Assert.Equal("127.0.1.10:8443", topology.EntryPoint.HttpsEndPoint!.ToString());
        Assert.Equal(TlsSettings.Default, topology.Tls);
        Assert.Equal(TimeSpan.FromDays(365), topology.Tls.Hsts);
    }

    [Fact]
    public void Certificate_files_are_resolved_next_to_the_topology_file()
    {
        File.WriteAllText(Path.Combine(TopologyText.SiteDirectory, "site.pem"), "certificate");
        File.WriteAllText(Path.Combine(TopologyText.SiteDirectory, "site.key"), "key");

        var topology = TopologyText.Load(s_httpsBalancer + "\ntls: { certificate: site.pem, key: site.key, hsts: 600 }\n");

        Assert.Equal(Path.Combine(TopologyText.SiteDirectory, "site.pem"), topology.Tls.CertificatePath);
        Assert.Equal(Path.Combine(TopologyText.SiteDirectory, "site.key"), topology.Tls.KeyPath);
        Assert.Equal(TimeSpan.FromMinutes(10), topology.Tls.Hsts);
    }

    [Theory]
    [InlineData("tls: { certificate: missing.pem, key: missing.key }", "tls certificate 'missing.pem' does not exist (paths are relative to the topology file)")]
    [InlineData("tls: { hsts: 1y }", "'hsts' in tls must be a whole number from 0 to 63072000, not '1y'")]
    public void Bad_tls_setting_is_rejected_saying_what_is_wrong(string line, string message)
    {
        var errors = TopologyText.Errors(s_httpsBalancer + $"\n{line}\n");

        Assert.Equal(message, errors[0].Message);
    }

    [Fact]
    public void Certificate_without_key_is_rejected()
    {
        File.WriteAllText(Path.Combine(TopologyText.SiteDirectory, "alone.pem"), "certificate");

        var errors = TopologyText.Errors(s_httpsBalancer + "\ntls: { certificate: alone.pem }\n");

        Assert.Contains(errors, e => e.Message.StartsWith("tls needs both 'certificate' and 'key'", StringComparison.Ordinal));
    }

    [Fact]
    public void Internal_tls_is_off_unless_the_topology_turns_it_on()
    {
        var plain = TopologyText.Load(s_httpsBalancer);
        var encrypted = TopologyText.Load(s_httpsBalancer + "\ntls:\n  internal: true\n");

        Assert.False(plain.Tls.Internal);
        Assert.True(encrypted.Tls.Internal);
        Assert.Equal(TlsSettings.Default.Hsts, encrypted.Tls.Hsts);
        Assert.Null(encrypted.Tls.CertificatePath);
    }

    [Fact]
    public void Internal_tls_covers_backend_members_but_not_the_balancer_or_the_one_server_entry_point()
    {
        var distributed = TopologyText.Load(s_httpsBalancer + "\ntls:\n  internal: true\n");
        var oneServer = TopologyText.Load("""
            site:
              name: www.foobar.com
              files: .
            servers:
              server-1:
                address: 127.0.1.1
                components:
                  web: { port: 8081, backend: app }
                  app: { port: 8082 }
                  db: { port: 3306, role: primary }
            backends:
              app:
                members: [server-1/app]
            tls:
              internal: true
            """);

        Assert.Equal(["server-1/web", "server-1/app", "server-2/web", "server-2/app"],
            distributed.Components.Where(distributed.ServesInternalTls).Select(c => c.Name));
        Assert.Equal(["server-1/app"], oneServer.Components.Where(oneServer.ServesInternalTls).Select(c => c.Name));
    }

    [Fact]
    public void The_dashboard_serves_the_site_certificate_only_when_a_balancer_has_one()
    {
        const string Monitor = "balancer: { port: 8080, backend: web }\n      monitor: { port: 8090 }";
        var plain = TopologyText.Load(TopologyText.DistributedWith("balancer: { port: 8080, backend: web }", Monitor));
        var https = TopologyText.Load(TopologyText.DistributedWith("balancer: { port: 8080, backend: web }", Monitor.Replace("port: 8080,", "port: 8080, https_port: 8443,", StringComparison.Ordinal)));

        Assert.DoesNotContain(plain.Components, plain.ServesSiteTls);
        Assert.Equal(["lb-01/monitor"], https.Components.Where(https.ServesSiteTls).Select(c => c.Name));
    }

    [Fact]
    public void Internal_tls_that_is_not_a_boolean_is_rejected_where_it_is_written()
    {
        var errors = TopologyText.Errors(s_httpsBalancer + "\ntls:\n  internal: yes please\n");

        var error = Assert.Single(errors);
        Assert.Equal("'internal' in tls must be true or false, not 'yes please'", error.Message);
        Assert.Equal((33, 13), (error.Location.Line, error.Location.Column));
    }

    [Fact]
    public void Https_port_that_collides_with_another_listener_is_rejected()
    {
        var errors = TopologyText.Errors(TopologyText.DistributedWith(
            "balancer: { port: 8080, backend: web }", "balancer: { port: 8080, https_port: 9080, backend: web }"));

        Assert.Contains(errors, e => e.Message.StartsWith("the HTTPS listener of 'lb-01/balancer' listens on 127.0.1.10:9080", StringComparison.Ordinal));
    }

    [Fact]
    public void Https_port_on_a_web_server_is_an_unknown_key()
    {
        var errors = TopologyText.Errors(TopologyText.DistributedWith(
            "      web: { port: 8081, backend: app }\n      app: { port: 8082 }\n      db: { port: 3306, role: primary }",
            "      web: { port: 8081, https_port: 8443, backend: app }\n      app: { port: 8082 }\n      db: { port: 3306, role: primary }"));

        Assert.Contains(errors, e => e.Message.Contains("https_port", StringComparison.Ordinal));
    }
}

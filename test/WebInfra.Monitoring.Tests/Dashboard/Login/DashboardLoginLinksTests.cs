using System.Web;
using WebInfra.Hosting.Administration;
using WebInfra.Monitoring.Dashboard.Login;

namespace WebInfra.Monitoring.Tests.Dashboard.Login;

public sealed class DashboardLoginLinksTests
{
    private static readonly AdminCredentials s_credentials = new("admin-token-0123456789", "read-token-0123456789");
    private static readonly DateTimeOffset s_now = new(2026, 12, 6, 14, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Link_points_at_the_dashboards_login_with_a_token_valid_within_its_lifetime()
    {
        var link = DashboardLoginLinks.Mint(new Uri("http://127.0.26.10:8090/"), s_credentials, s_now);

        Assert.Equal("http://127.0.26.10:8090/login", link.GetLeftPart(UriPartial.Path));
        var token = HttpUtility.ParseQueryString(link.Query)["token"];
        var check = DashboardLoginLinks.Check(token, s_credentials, s_now + DashboardLoginLinks.Lifetime - TimeSpan.FromSeconds(1));
        Assert.Equal(LoginTokenOutcome.Valid, check.Outcome);
        Assert.Equal(s_now + DashboardLoginLinks.Lifetime, check.Expires);
    }

    [Fact]
    public void Token_is_expired_at_the_end_of_its_lifetime()
    {
        var token = DashboardLoginLinks.MintToken(s_credentials, s_now);

        Assert.Equal(LoginTokenOutcome.Expired, DashboardLoginLinks.Check(token, s_credentials, s_now + DashboardLoginLinks.Lifetime).Outcome);
    }

    [Fact]
    public void Token_signed_with_other_credentials_is_refused()
    {
        var token = DashboardLoginLinks.MintToken(new AdminCredentials("another-admin-token", "another-read-token"), s_now);

        Assert.Equal(LoginTokenOutcome.BadSignature, DashboardLoginLinks.Check(token, s_credentials, s_now).Outcome);
    }

    [Fact]
    public void Token_with_a_changed_expiry_or_nonce_is_refused()
    {
        var parts = DashboardLoginLinks.MintToken(s_credentials, s_now).Split('.');
        var later = $"{long.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture) + 3600}.{parts[1]}.{parts[2]}";
        var otherNonce = $"{parts[0]}.AAAAAAAAAAAAAAAAAAAAAA.{parts[2]}";

        Assert.Equal(LoginTokenOutcome.BadSignature, DashboardLoginLinks.Check(later, s_credentials, s_now).Outcome);
        Assert.Equal(LoginTokenOutcome.BadSignature, DashboardLoginLinks.Check(otherNonce, s_credentials, s_now).Outcome);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("1.2")]
    [InlineData("x.nonce.mac")]
    [InlineData("1.nonce.not base64!")]
    public void Malformed_token_is_refused(string? token)
    {
        Assert.Equal(LoginTokenOutcome.Malformed, DashboardLoginLinks.Check(token, s_credentials, s_now).Outcome);
    }

    [Fact]
    public void The_read_token_cannot_mint_a_link()
    {
        // Only the admin token keys the MAC: a read-token holder (Prometheus) cannot log in to the dashboard.
        var readOnly = new AdminCredentials(s_credentials.ReadToken, "x");
        var token = DashboardLoginLinks.MintToken(readOnly, s_now);

        Assert.Equal(LoginTokenOutcome.BadSignature, DashboardLoginLinks.Check(token, s_credentials, s_now).Outcome);
    }
}

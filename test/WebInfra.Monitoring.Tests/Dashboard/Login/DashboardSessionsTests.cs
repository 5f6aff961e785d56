using System.Runtime.Versioning;
using Microsoft.Extensions.Time.Testing;
using WebInfra.Hosting.Administration;
using WebInfra.Monitoring.Dashboard.Login;

namespace WebInfra.Monitoring.Tests.Dashboard.Login;

[SupportedOSPlatform("linux")]
public sealed class DashboardSessionsTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("webinfra-sessions-").FullName;
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 6, 14, 0, 0, TimeSpan.Zero));
    private readonly string _path;
    private readonly DashboardSessions _sessions;

    public DashboardSessionsTests()
    {
        _path = AdminCredentials.PathIn(_directory);
        AdminCredentials.LoadOrCreate(_path);
        _sessions = new DashboardSessions(new AdminCredentialsFile(_path), _time);
    }

    private string Token() => DashboardLoginLinks.MintToken(AdminCredentials.Load(_path), _time.GetUtcNow());

    [Fact]
    public void A_link_logs_in_once()
    {
        var token = Token();

        var first = _sessions.Redeem(token);
        var second = _sessions.Redeem(token);

        Assert.Equal(LoginTokenOutcome.Valid, first.Outcome);
        Assert.True(_sessions.IsValid(first.SessionId));
        Assert.Equal(LoginTokenOutcome.Used, second.Outcome);
        Assert.Null(second.SessionId);
    }

    [Fact]
    public void An_expired_link_logs_in_nobody()
    {
        var token = Token();
        _time.Advance(DashboardLoginLinks.Lifetime);

        Assert.Equal(LoginTokenOutcome.Expired, _sessions.Redeem(token).Outcome);
    }

    [Fact]
    public void A_session_ends_after_its_lifetime()
    {
        var session = _sessions.Redeem(Token()).SessionId;

        _time.Advance(DashboardSessions.Lifetime - TimeSpan.FromSeconds(1));
        Assert.True(_sessions.IsValid(session));
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.False(_sessions.IsValid(session));
    }

    [Fact]
    public void Rotation_ends_sessions_and_voids_unused_links()
    {
        var session = _sessions.Redeem(Token()).SessionId;
        var unused = Token();

        AdminCredentials.Rotate(_path);

        Assert.False(_sessions.IsValid(session));
        Assert.Equal(LoginTokenOutcome.BadSignature, _sessions.Redeem(unused).Outcome);
        Assert.Equal(LoginTokenOutcome.Valid, _sessions.Redeem(Token()).Outcome);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not-a-session")]
    public void Unknown_session_is_not_valid(string? session)
    {
        Assert.False(_sessions.IsValid(session));
    }

    [Fact]
    public void Sessions_are_bounded_and_the_oldest_goes_first()
    {
        var first = _sessions.Redeem(Token()).SessionId;
        _time.Advance(TimeSpan.FromSeconds(1));
        for (var i = 1; i < DashboardSessions.MaxSessions; i++)
        {
            Assert.Equal(LoginTokenOutcome.Valid, _sessions.Redeem(Token()).Outcome);
        }

        Assert.True(_sessions.IsValid(first));
        Assert.Equal(LoginTokenOutcome.Valid, _sessions.Redeem(Token()).Outcome);
        Assert.False(_sessions.IsValid(first));
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}

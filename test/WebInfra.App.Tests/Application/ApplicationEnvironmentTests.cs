using WebInfra.App.Application;
using WebInfra.Database.Provisioning;

namespace WebInfra.App.Tests.Application;

public sealed class ApplicationEnvironmentTests
{
    private static readonly DatabaseSecrets s_secrets = new("admin", "a", "notes_app", "p@ss/w:rd", "repl", "r");

    [Fact]
    public void The_application_learns_where_to_listen_and_the_database_endpoints_as_urls()
    {
        using var app = new TestApplicationContext("./serve");

        var environment = ApplicationEnvironment.For(app.Context, s_secrets);

        Assert.Equal("127.0.44.1", environment["HOST"]);
        Assert.Equal("18082", environment["PORT"]);
        Assert.Equal("mysql://notes_app:p%40ss%2Fw%3Ard@127.0.44.1:6446/notes", environment["DATABASE_URL"]);
        Assert.Equal("mysql://notes_app:p%40ss%2Fw%3Ard@127.0.44.1:6447/notes", environment["DATABASE_READ_URL"]);
        Assert.Equal("server-1/app", environment["WEBINFRA_COMPONENT"]);
        Assert.Equal("notes.example", environment["WEBINFRA_SITE"]);
    }

    [Fact]
    public void The_topologys_env_comes_last_and_may_override()
    {
        using var app = new TestApplicationContext("./serve", ", env: { PORT: '9999', LOG_LEVEL: debug }");

        var environment = ApplicationEnvironment.For(app.Context, s_secrets);

        Assert.Equal("9999", environment["PORT"]);
        Assert.Equal("debug", environment["LOG_LEVEL"]);
    }

    [Fact]
    public void A_site_without_a_database_gets_no_database_urls()
    {
        using var app = new TestApplicationContext("./serve", database: false);

        var environment = ApplicationEnvironment.For(app.Context, secrets: null);

        Assert.False(environment.ContainsKey("DATABASE_URL"));
        Assert.False(environment.ContainsKey("DATABASE_READ_URL"));
    }
}

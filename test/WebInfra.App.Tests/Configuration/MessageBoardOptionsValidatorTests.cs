using WebInfra.App.Configuration;

namespace WebInfra.App.Tests.Configuration;

public sealed class MessageBoardOptionsValidatorTests
{
    private const string Primary = "Server=127.0.0.1;Port=3306;User ID=app;Password=s3cret;Database=board";

    [Fact]
    public void Complete_options_pass()
    {
        var result = Validate(new MessageBoardOptions
        {
            PrimaryConnectionString = Primary,
            ReplicaConnectionStrings = ["Server=127.0.0.2;User ID=app;Password=s3cret;Database=board"],
            SiteName = "www.foobar.com",
        });

        Assert.True(result.Succeeded);
    }

    [Fact]
    public void Replicas_may_be_empty()
    {
        Assert.True(Validate(new MessageBoardOptions { PrimaryConnectionString = Primary, SiteName = "www.foobar.com" }).Succeeded);
    }

    [Fact]
    public void Empty_options_name_every_missing_setting()
    {
        var result = Validate(new MessageBoardOptions());

        Assert.Equal(
            [
                "MessageBoardOptions.PrimaryConnectionString is required: give the connection string of the primary database, which takes every write.",
                "MessageBoardOptions.SiteName is required: the site's host name shown in the page title, for example www.foobar.com.",
            ],
            result.Failures);
    }

    [Fact]
    public void Blank_replica_is_named_by_its_index()
    {
        var result = Validate(new MessageBoardOptions { PrimaryConnectionString = Primary, ReplicaConnectionStrings = [Primary, " "], SiteName = "x" });

        Assert.Equal(
            ["MessageBoardOptions.ReplicaConnectionStrings[1] is required: give a replica's connection string, or remove the entry."],
            result.Failures);
    }

    [Fact]
    public void Invalid_connection_string_is_reported_without_its_password()
    {
        var result = Validate(new MessageBoardOptions { PrimaryConnectionString = "Server=db;Password=s3cret;Colour=blue", SiteName = "x" });

        var failure = Assert.Single(result.Failures!);
        Assert.StartsWith("MessageBoardOptions.PrimaryConnectionString is not a valid MySQL connection string: ", failure, StringComparison.Ordinal);
        Assert.Contains("colour", failure, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("s3cret", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Connection_string_without_a_server_is_rejected()
    {
        var result = Validate(new MessageBoardOptions { PrimaryConnectionString = "User ID=app;Database=board", SiteName = "x" });

        Assert.Equal(
            ["MessageBoardOptions.PrimaryConnectionString names no Server: give the connection string of the primary database, which takes every write."],
            result.Failures);
    }

    [Fact]
    public void Null_replica_list_is_rejected()
    {
        var result = Validate(new MessageBoardOptions { PrimaryConnectionString = Primary, ReplicaConnectionStrings = null!, SiteName = "x" });

        Assert.Equal(
            ["MessageBoardOptions.ReplicaConnectionStrings must not be null; leave it empty to read from the primary."],
            result.Failures);
    }

    private static Microsoft.Extensions.Options.ValidateOptionsResult Validate(MessageBoardOptions options) =>
        new MessageBoardOptionsValidator().Validate(name: null, options);
}

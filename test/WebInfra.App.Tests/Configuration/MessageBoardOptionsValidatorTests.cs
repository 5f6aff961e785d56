using WebInfra.App.Configuration;

namespace WebInfra.App.Tests.Configuration;

public sealed class MessageBoardOptionsValidatorTests
{
    private const string Node = "Server=127.0.0.1;Port=3306;User ID=app;Password=s3cret;Database=board";

    [Fact]
    public void Complete_options_pass()
    {
        var result = Validate(new MessageBoardOptions
        {
            DatabaseNodes = [Node, "Server=127.0.0.2;User ID=app;Password=s3cret;Database=board"],
            DatabaseNodeNames = ["server-1/db", "server-2/db"],
            InitialPrimary = 1,
            MaxReplicaLag = TimeSpan.Zero,
            SiteName = "www.foobar.com",
        });

        Assert.True(result.Succeeded);
    }

    [Fact]
    public void One_node_is_enough()
    {
        Assert.True(Validate(new MessageBoardOptions { DatabaseNodes = [Node], SiteName = "www.foobar.com" }).Succeeded);
    }

    [Fact]
    public void Empty_options_name_every_missing_setting()
    {
        var result = Validate(new MessageBoardOptions());

        Assert.Equal(
            [
                "MessageBoardOptions.DatabaseNodes is required: give the connection string of every database node, primary first or in the topology's order.",
                "MessageBoardOptions.SiteName is required: the site's host name shown in the page title, for example www.foobar.com.",
            ],
            result.Failures);
    }

    [Fact]
    public void Blank_node_is_named_by_its_index()
    {
        var result = Validate(new MessageBoardOptions { DatabaseNodes = [Node, " "], SiteName = "x" });

        Assert.Equal(
            ["MessageBoardOptions.DatabaseNodes[1] is required: give a database node's connection string, or remove the entry."],
            result.Failures);
    }

    [Fact]
    public void Invalid_connection_string_is_reported_without_its_password()
    {
        var result = Validate(new MessageBoardOptions { DatabaseNodes = ["Server=db;Password=s3cret;Colour=blue"], SiteName = "x" });

        var failure = Assert.Single(result.Failures!);
        Assert.StartsWith("MessageBoardOptions.DatabaseNodes[0] is not a valid MySQL connection string: ", failure, StringComparison.Ordinal);
        Assert.Contains("colour", failure, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("s3cret", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Connection_string_without_a_server_is_rejected()
    {
        var result = Validate(new MessageBoardOptions { DatabaseNodes = ["User ID=app;Database=board"], SiteName = "x" });

        Assert.Equal(
            ["MessageBoardOptions.DatabaseNodes[0] names no Server: give a database node's connection string, or remove the entry."],
            result.Failures);
    }

    [Fact]
    public void Null_node_list_is_rejected_as_missing()
    {
        var result = Validate(new MessageBoardOptions { DatabaseNodes = null!, SiteName = "x" });

        Assert.Equal(
            ["MessageBoardOptions.DatabaseNodes is required: give the connection string of every database node, primary first or in the topology's order."],
            result.Failures);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(2)]
    public void Initial_primary_outside_the_node_list_is_rejected_with_the_valid_range(int index)
    {
        var result = Validate(new MessageBoardOptions { DatabaseNodes = [Node, Node], InitialPrimary = index, SiteName = "x" });

        Assert.Equal(
            [$"MessageBoardOptions.InitialPrimary is {index}: give the index (0 to 1) of the node the topology names primary."],
            result.Failures);
    }

    [Theory]
    [InlineData("server-1/db")]
    [InlineData("server-1/db", " ")]
    public void Node_names_must_name_every_node_or_none(params string[] names)
    {
        var result = Validate(new MessageBoardOptions { DatabaseNodes = [Node, Node], DatabaseNodeNames = names, SiteName = "x" });

        Assert.Equal(
            ["MessageBoardOptions.DatabaseNodeNames names 1 of 2 nodes: give every node's name, in the order of DatabaseNodes, or none."],
            result.Failures);
    }

    [Fact]
    public void Negative_lag_bound_and_out_of_range_timeouts_are_each_reported()
    {
        var result = Validate(new MessageBoardOptions
        {
            DatabaseNodes = [Node],
            MaxReplicaLag = TimeSpan.FromSeconds(-1),
            ReadYourWritesTimeout = TimeSpan.FromSeconds(11),
            ObservationInterval = TimeSpan.Zero,
            SiteName = "x",
        });

        Assert.Equal(
            [
                "MessageBoardOptions.MaxReplicaLag is -00:00:01: give 0 or more (0 reads only from replicas that are not behind at all).",
                "MessageBoardOptions.ReadYourWritesTimeout is 00:00:11: give more than 0 and at most 00:00:10, for example 500 ms.",
                "MessageBoardOptions.ObservationInterval is 00:00:00: give more than 0, for example 500 ms.",
            ],
            result.Failures);
    }

    private static Microsoft.Extensions.Options.ValidateOptionsResult Validate(MessageBoardOptions options) =>
        new MessageBoardOptionsValidator().Validate(name: null, options);
}

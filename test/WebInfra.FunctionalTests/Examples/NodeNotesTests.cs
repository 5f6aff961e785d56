namespace WebInfra.FunctionalTests.Examples;

/// <summary>The Node.js example, losing the whole of server-1 (web, application and primary database at once) under writes.</summary>
public sealed class NodeNotesTests(NodeNotesFixture fixture) : ExampleSiteTests(fixture.Site), IClassFixture<NodeNotesFixture>
{
    protected override string Lost => "server-1";
}

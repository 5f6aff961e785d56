namespace WebInfra.FunctionalTests.Examples;

/// <summary><c>examples/node-notes</c> (Node.js, mysqljs) on 127.0.42.x.</summary>
public sealed class NodeNotesFixture() : ExampleSiteFixture("node-notes");

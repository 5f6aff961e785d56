namespace WebInfra.FunctionalTests.Examples;

/// <summary>The Python example, losing its primary database node (<c>./webinfra kill server-1/db</c>) under writes.</summary>
public sealed class PythonNotesTests(PythonNotesFixture fixture) : ExampleSiteTests(fixture.Site), IClassFixture<PythonNotesFixture>
{
    protected override string Lost => "server-1/db";
}

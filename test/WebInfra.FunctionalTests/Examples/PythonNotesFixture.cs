namespace WebInfra.FunctionalTests.Examples;

/// <summary><c>examples/python-notes</c> (Python, pymysql) on 127.0.41.x.</summary>
public sealed class PythonNotesFixture() : ExampleSiteFixture("python-notes");

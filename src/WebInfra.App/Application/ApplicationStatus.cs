namespace WebInfra.App.Application;

/// <summary>
/// The user's application as its application server reports it (<c>GET /application</c> on the admin listener), for
/// <c>webinfra status</c> and the dashboard.
/// </summary>
/// <param name="Component">The application server, e.g. <c>server-1/app</c>.</param>
/// <param name="Command">The command line it runs.</param>
/// <param name="Phase">Where the application is in its life.</param>
/// <param name="Pid">The running process's id, or null between runs.</param>
/// <param name="Restarts">How many times it was started again since the application server started.</param>
/// <param name="LastExit">How its last run ended (<c>exited with code 1 after 3.2 s</c>), or null before any ended.</param>
public sealed record ApplicationStatus(string Component, string Command, ApplicationPhase Phase, int? Pid, int Restarts, string? LastExit)
{
    /// <summary>Where the admin listener of an application server running the user's application serves it.</summary>
    public const string AdminPath = "/application";
}

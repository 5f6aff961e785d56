using WebInfra.Hosting.Health;

namespace WebInfra.App.Application;

/// <summary>
/// The user's application's current phase, process and restart count, kept by <see cref="ApplicationSupervisor"/> and read
/// by the health endpoint (the application server is ready only while its application serves), the admin endpoint and
/// the metrics.
/// </summary>
internal sealed class ApplicationState : IReadinessCondition
{
    private readonly Lock _lock = new();
    private ApplicationStatus _status;

    public ApplicationState(string component, string command) =>
        _status = new ApplicationStatus(component, command, ApplicationPhase.Starting, null, 0, null);

    public bool IsReady => Current.Phase == ApplicationPhase.Serving;

    public ApplicationStatus Current
    {
        get
        {
            lock (_lock)
            {
                return _status;
            }
        }
    }

    public void Started(int pid, bool restart) => Update(s => s with
    {
        Phase = ApplicationPhase.Starting,
        Pid = pid,
        Restarts = restart ? s.Restarts + 1 : s.Restarts,
    });

    public void Serving() => Update(s => s with { Phase = ApplicationPhase.Serving });

    public void Unhealthy() => Update(s => s with { Phase = ApplicationPhase.Unhealthy });

    public void Ended(string how, bool restarting) => Update(s => s with
    {
        Phase = restarting ? ApplicationPhase.Restarting : ApplicationPhase.Stopped,
        Pid = null,
        LastExit = how,
    });

    private void Update(Func<ApplicationStatus, ApplicationStatus> change)
    {
        lock (_lock)
        {
            _status = change(_status);
        }
    }
}

namespace WebInfra.Monitoring.Dashboard;

/// <summary>One line of the event log: a change between two rounds of polling.</summary>
/// <param name="Sequence">Increases by one per event, so a stream sends each event once.</param>
/// <param name="At">When the round that saw the change was taken.</param>
/// <param name="Severity"><c>info</c>, <c>warning</c> or <c>critical</c>.</param>
/// <param name="Kind">One of <see cref="DashboardEventKinds"/>.</param>
/// <param name="Subject">The component it is about.</param>
/// <param name="Message">The sentence shown.</param>
internal sealed record DashboardEvent(long Sequence, DateTimeOffset At, string Severity, string Kind, string Subject, string Message);

namespace WebInfra.Monitoring.Prometheus;

/// <summary>One Prometheus alerting rule as <c>webinfra-alerts.yml</c> writes it.</summary>
/// <param name="Name">The alert's name, e.g. <c>WebInfraComponentDown</c>.</param>
/// <param name="Expression">The PromQL condition; every series it returns is an alert.</param>
/// <param name="For">How long the condition must hold before the alert fires (a Prometheus duration), or null for at once.</param>
/// <param name="Severity">critical, warning or info: the <c>severity</c> label Alertmanager routes on.</param>
/// <param name="Summary">One line for a pager, with Go template references to the series' labels.</param>
/// <param name="Description">What it means and where to look.</param>
internal sealed record AlertRule(string Name, string Expression, string? For, string Severity, string Summary, string Description);

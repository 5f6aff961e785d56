namespace WebInfra.App.Application;

/// <summary>
/// How long to wait before starting the user's application again: 1 s after the first exit, doubling up to
/// <see cref="Maximum"/>, so a crash loop costs little and a transient failure (the database moving) heals fast; back to
/// 1 s once a run has served for <see cref="ResetAfter"/>, so one crash of a long-lived process is not punished for
/// old ones.
/// </summary>
internal sealed class RestartBackoff
{
    public static readonly TimeSpan First = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan Maximum = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan ResetAfter = TimeSpan.FromSeconds(30);

    private int _failures;

    /// <summary>The delay before the next start, after a run that lasted <paramref name="ran"/>, serving or not.</summary>
    public TimeSpan Next(TimeSpan ran, bool served)
    {
        if (served && ran >= ResetAfter)
        {
            _failures = 0;
        }

        var delay = First * Math.Pow(2, Math.Min(_failures, 10));
        _failures++;
        return delay < Maximum ? delay : Maximum;
    }
}

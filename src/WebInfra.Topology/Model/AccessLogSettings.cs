namespace WebInfra.Topology.Model;

/// <summary>
/// The access log every balancer and web server keeps beside its own log (<c>site.access_log</c>): one line per request,
/// written off the request path, rotated by size as logrotate's <c>size</c> and <c>rotate</c> do.
/// </summary>
/// <param name="Enabled">False for <c>access_log: off</c> (nginx's <c>access_log off</c>).</param>
/// <param name="Format">The line format.</param>
/// <param name="MaxSize">Bytes a file may hold; the line that would take it past this starts a new file and the old one becomes <c>.1</c>.</param>
/// <param name="Keep">Rotated files kept (<c>.1</c> to <c>.keep</c>); the oldest is deleted. 0 keeps none.</param>
/// <param name="Location">Where the section is written, or null when the topology leaves it out.</param>
public sealed record AccessLogSettings(bool Enabled, AccessLogFormat Format, int MaxSize, int Keep, SourceLocation? Location = null)
{
    /// <summary>The smallest <see cref="MaxSize"/> accepted: a few lines.</summary>
    public const int MinimumSize = 1024;

    /// <summary>The largest <see cref="MaxSize"/> accepted, 1 GiB.</summary>
    public const int MaximumSize = 1024 * 1024 * 1024;

    /// <summary>The most rotated files kept.</summary>
    public const int MaximumKeep = 1000;

    /// <summary>A site without <c>access_log</c>: on, combined, 10 MiB per file and 5 rotated files (logrotate's <c>rotate 5</c>), at most 60 MiB per component.</summary>
    public static AccessLogSettings Default { get; } = new(Enabled: true, AccessLogFormat.Combined, 10 * 1024 * 1024, 5);

    /// <summary><c>access_log: off</c>.</summary>
    public static AccessLogSettings Off { get; } = Default with { Enabled = false };
}

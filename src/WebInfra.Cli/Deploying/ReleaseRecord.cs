namespace WebInfra.Cli.Deploying;

/// <summary>One line of <c>deploy history</c>: a release made (by <c>up</c> or <c>deploy</c>) or a rollback to one, and how it ended.</summary>
internal sealed record ReleaseRecord
{
    /// <summary>The release (<c>r7</c>): the one made, or the one rolled back to.</summary>
    public required string Release { get; init; }

    /// <summary><c>up</c>, <c>deploy</c> or <c>rollback</c>.</summary>
    public required string Command { get; init; }

    /// <summary>Who ran the command (the user behind <c>sudo</c> when there is one).</summary>
    public required string User { get; init; }

    /// <summary>When the command began (UTC).</summary>
    public required DateTime At { get; init; }

    /// <summary>Files in the release's copy of the site's folder.</summary>
    public int SiteFiles { get; init; }

    /// <summary>Bytes of those files together.</summary>
    public long SiteBytes { get; init; }

    /// <summary>The digest of the site's files (see <c>ReleaseFolder.Describe</c>).</summary>
    public string SiteDigest { get; init; } = string.Empty;

    /// <summary>The digest of the user's application, or null when the site runs the sample board (WebInfra's own build).</summary>
    public string? AppDigest { get; init; }

    /// <summary>The <c>--message</c> given, if any.</summary>
    public string? Message { get; init; }

    /// <summary>How it ended.</summary>
    public ReleaseResult Result { get; set; }

    /// <summary>Why it failed (the first lines of the error), or from which release a rollback came.</summary>
    public string? Detail { get; set; }
}

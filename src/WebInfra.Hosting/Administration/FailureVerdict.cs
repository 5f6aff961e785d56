namespace WebInfra.Hosting.Administration;

/// <summary>What <see cref="AuthenticationFailureLimiter"/> decided about one failed authentication.</summary>
/// <param name="Limited">The source has spent its budget: answer 429, not 401.</param>
/// <param name="FirstLimited">This is the first limited failure of the episode: the one to log.</param>
/// <param name="RetryAfter">When the source may fail once more (for <c>Retry-After</c>); zero when not limited.</param>
internal readonly record struct FailureVerdict(bool Limited, bool FirstLimited, TimeSpan RetryAfter);

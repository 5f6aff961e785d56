namespace WebInfra.Monitoring.Dashboard.Login;

/// <summary>What <see cref="DashboardLoginLinks"/> found about a login token.</summary>
/// <param name="Outcome">Valid, or why not.</param>
/// <param name="Nonce">The token's nonce, when valid: the monitor remembers it so the link works once.</param>
/// <param name="Expires">When the token expires, when valid: until then its nonce must be remembered.</param>
internal sealed record LoginTokenCheck(LoginTokenOutcome Outcome, string? Nonce = null, DateTimeOffset Expires = default)
{
    public static LoginTokenCheck Malformed { get; } = new(LoginTokenOutcome.Malformed);

    public static LoginTokenCheck BadSignature { get; } = new(LoginTokenOutcome.BadSignature);

    public static LoginTokenCheck Expired { get; } = new(LoginTokenOutcome.Expired);

    public static LoginTokenCheck Valid(string nonce, DateTimeOffset expires) => new(LoginTokenOutcome.Valid, nonce, expires);
}

namespace WebInfra.Hosting.Administration;

/// <summary>
/// Endpoint metadata naming the scope an admin endpoint needs; <see cref="AdminAuthenticationMiddleware"/> enforces it.
/// An endpoint without it needs <see cref="AdminScope.Read"/>, so one added without a thought is never open.
/// </summary>
/// <param name="Scope">The least scope a caller's token must carry.</param>
public sealed record AdminScopeRequirement(AdminScope Scope);

using Microsoft.AspNetCore.Builder;

namespace WebInfra.Hosting.Administration;

/// <summary>How an admin endpoint declares the scope it needs (<c>.RequireAdminScope(AdminScope.Admin)</c>).</summary>
public static class AdminScopeEndpointExtensions
{
    /// <summary>Callers need a token of <paramref name="scope"/> or higher; others get 401 (no or a wrong token) or 403 (too low a scope).</summary>
    public static TBuilder RequireAdminScope<TBuilder>(this TBuilder builder, AdminScope scope)
        where TBuilder : IEndpointConventionBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.WithMetadata(new AdminScopeRequirement(scope));
    }
}

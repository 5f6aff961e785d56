using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace WebInfra.Hosting.Administration;

/// <summary>Registers what <see cref="AdminAuthenticationMiddleware"/> needs: the credentials file and the failure limiter.</summary>
public static class AdminAuthenticationExtensions
{
    /// <summary>
    /// Adds the site's admin credentials (created in the run state if this is the first process to need them, so a
    /// component on a host of its own starts the same way) and the per-source failure limiter.
    /// </summary>
    public static IServiceCollection AddAdminAuthentication(this IServiceCollection services, ComponentContext context)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(context);
        AdminCredentials.LoadOrCreate(context.AdminCredentialsPath);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(provider => new AdminCredentialsFile(context.AdminCredentialsPath, provider.GetRequiredService<ILogger<AdminCredentialsFile>>()));
        services.AddSingleton<AuthenticationFailureLimiter>();
        return services;
    }
}

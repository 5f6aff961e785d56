namespace WebInfra.Hosting.Reloading;

/// <summary>
/// A part of a running component that takes a new topology without a restart (<c>webinfra reload</c>): the proxy's
/// backend, the firewall, the limits, the site's certificate. Registered in DI, so the shared host reloads every role's
/// parts without knowing the roles.
/// </summary>
public interface IReloadable
{
    /// <summary>Applies <paramref name="context"/>, the component as the new topology describes it; called once per reload, one reload at a time.</summary>
    void Reload(ComponentContext context);
}

using WebInfra.Hosts.Ssh;

namespace WebInfra.Hosts.Tests.Ssh;

public sealed class RuntimeSettingsTests
{
    [Theory]
    [InlineData("DOTNET_TC_CallCountingDelayMs", true)]
    [InlineData("DOTNET_TieredPGO", true)]
    [InlineData("DOTNET_gcServer", true)]
    [InlineData("DOTNET_ROOT", false)]
    [InlineData("DOTNET_CLI_TELEMETRY_OPTOUT", false)]
    [InlineData("DOTNET_GENERATE_ASPNET_CERTIFICATE", false)]
    [InlineData("ASPNETCORE_URLS", false)]
    [InlineData("DOTNET_", false)]
    public void Only_the_runtimes_own_knobs_go_to_the_hosts(string name, bool knob) =>
        Assert.Equal(knob, RuntimeSettings.IsRuntimeKnob(name));
}

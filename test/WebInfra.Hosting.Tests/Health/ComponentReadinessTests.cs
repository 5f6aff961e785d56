using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Logging.Abstractions;
using WebInfra.Hosting.Health;

namespace WebInfra.Hosting.Tests.Health;

public sealed class ComponentReadinessTests
{
    [Fact]
    public void A_component_is_ready_only_while_every_condition_holds_and_it_is_not_stopping()
    {
        var lifetime = new ApplicationLifetime(NullLogger<ApplicationLifetime>.Instance);
        var condition = new Condition { IsReady = false };
        var readiness = new ComponentReadiness(lifetime, [condition]);

        Assert.False(readiness.IsReady);
        condition.IsReady = true;
        Assert.True(readiness.IsReady);
        lifetime.StopApplication();
        Assert.False(readiness.IsReady);
    }

    private sealed class Condition : IReadinessCondition
    {
        public bool IsReady { get; set; }
    }
}

using WebInfra.Database.Provisioning;

namespace WebInfra.Database.Tests.Provisioning;

public class DatabaseNodeValidatorTests
{
    [Fact]
    public void Valid_node_has_no_errors()
    {
        Assert.Empty(DatabaseNodeValidator.Validate(TestNodes.Primary()));
    }

    [Fact]
    public void Ipv6_literal_is_a_valid_host()
    {
        Assert.Empty(DatabaseNodeValidator.Validate(TestNodes.Primary() with { Host = "::1" }));
    }

    [Fact]
    public void All_problems_are_reported_together()
    {
        var node = new DatabaseNode(" ", "db.example", 70000, "db", -1, (DatabaseRole)7);

        Assert.Equal(6, DatabaseNodeValidator.Validate(node).Count);
    }
}

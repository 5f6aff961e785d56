using WebInfra.Hosting.Administration;

namespace WebInfra.Hosting.Tests.Administration;

public sealed class AdminTokenDigestsTests
{
    private static readonly AdminCredentials s_credentials = new("admin-token-0123456789", "read-token-0123456789");

    [Fact]
    public void Admin_token_grants_admin_and_read_token_grants_read()
    {
        var digests = new AdminTokenDigests(s_credentials);

        Assert.Equal(AdminScope.Admin, digests.ScopeOf("admin-token-0123456789"));
        Assert.Equal(AdminScope.Read, digests.ScopeOf("read-token-0123456789"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("admin-token-012345678")]
    [InlineData("admin-token-01234567890")]
    [InlineData("ADMIN-TOKEN-0123456789")]
    [InlineData("read-token-0123456789 ")]
    [InlineData("admin-token-0123456789read-token-0123456789")]
    public void Anything_but_the_exact_token_grants_nothing(string presented)
    {
        Assert.Null(new AdminTokenDigests(s_credentials).ScopeOf(presented));
    }

    [Fact]
    public void Admin_scope_includes_read()
    {
        Assert.True(AdminScope.Admin > AdminScope.Read);
    }
}

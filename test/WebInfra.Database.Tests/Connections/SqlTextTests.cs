using WebInfra.Database.Connections;

namespace WebInfra.Database.Tests.Connections;

public class SqlTextTests
{
    [Theory]
    [InlineData("site", true)]
    [InlineData("Site_2", true)]
    [InlineData("", false)]
    [InlineData("my-site", false)]
    [InlineData("site`", false)]
    [InlineData("sité", false)]
    public void Names_are_letters_digits_and_underscores(string name, bool valid)
    {
        Assert.Equal(valid, SqlText.IsSimpleName(name));
    }

    [Fact]
    public void Name_longer_than_64_characters_is_refused()
    {
        Assert.True(SqlText.IsSimpleName(new string('a', 64)));
        Assert.False(SqlText.IsSimpleName(new string('a', 65)));
    }

    [Fact]
    public void Literal_doubles_quotes_and_escapes_backslashes()
    {
        Assert.Equal(@"'it''s \\ fine'", SqlText.Literal(@"it's \ fine"));
    }

    [Fact]
    public void Account_has_any_host()
    {
        Assert.Equal("'foobar_app'@'%'", SqlText.Account("foobar_app", "%"));
    }
}

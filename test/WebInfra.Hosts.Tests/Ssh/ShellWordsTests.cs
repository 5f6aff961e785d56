using WebInfra.Hosts.Ssh;

namespace WebInfra.Hosts.Tests.Ssh;

public sealed class ShellWordsTests
{
    [Theory]
    [InlineData("plain")]
    [InlineData("it's")]
    [InlineData("$(reboot); `id` \"x\" \\ *")]
    [InlineData("")]
    [InlineData("two\nlines")]
    public void A_quoted_word_reaches_a_shell_as_it_was(string word)
    {
        var echo = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("/bin/sh", ["-c", $"printf %s {ShellWords.Quote(word)}"]) { RedirectStandardOutput = true })!;
        var output = echo.StandardOutput.ReadToEnd();
        echo.WaitForExit();

        Assert.Equal(word, output);
    }
}

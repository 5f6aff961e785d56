namespace WebInfra.FunctionalTests.Infrastructure;

/// <summary>What <c>openssl s_client</c> printed and returned for one handshake.</summary>
internal sealed record OpenSslHandshake(int ExitCode, string Output)
{
    /// <summary>s_client names a cipher (<c>New, TLSv1.3, Cipher is …</c>) only when a handshake completed.</summary>
    public bool Succeeded => ExitCode == 0 && Output.Contains(", Cipher is ", StringComparison.Ordinal) && !Output.Contains("Cipher is (NONE)", StringComparison.Ordinal);

    public override string ToString() => $"exit {ExitCode}\n{Output}";
}

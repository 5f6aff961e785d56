namespace WebInfra.Database.Provisioning;

/// <summary>
/// How to start mariadbd for one node. The supervisor starts the process itself (and owns its
/// stdout, stderr and lifetime), so the library only says what to run.
/// </summary>
/// <param name="FileName">The absolute path of mariadbd.</param>
/// <param name="Arguments">The arguments, one element each, <c>--no-defaults</c> first.</param>
public sealed record MariaDbCommandLine(string FileName, IReadOnlyList<string> Arguments)
{
    /// <summary>The command as one line for messages; arguments with spaces are quoted.</summary>
    /// <returns>The command line.</returns>
    public override string ToString() => CommandText.Format(FileName, Arguments);
}

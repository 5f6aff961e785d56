using System.Net;
using System.Text;

namespace WebInfra.Hosts.Namespaces;

/// <summary>
/// Where the operator namespace resolves names: <c>ip netns exec NAME</c> bind-mounts every file of
/// <c>/etc/netns/NAME/</c> over the one of the same name in <c>/etc</c>, so a <c>resolv.conf</c> there makes every
/// command run in the operator namespace (<c>webinfra exec operator -- curl http://www.foobar.com/</c>) ask the site's
/// DNS servers, while this machine's own <c>/etc/resolv.conf</c> stays as it is. <c>resolv.conf</c> names no port, so
/// the site's DNS servers listen on 53 (the topology's validation sees to it). A server that does not answer is given up
/// on after 1 s, not glibc's 5 s, so a lookup while one of the site's name servers is down costs a second.
/// </summary>
internal sealed class OperatorResolver(string netnsDirectory, string operatorNamespace)
{
    /// <summary>Where iproute2 looks for a namespace's own <c>/etc</c> files.</summary>
    public const string SystemNetnsDirectory = "/etc/netns";

    private const string FileName = "resolv.conf";

    /// <summary>The operator namespace's folder of <c>/etc</c> files.</summary>
    public string Directory { get; } = Path.Combine(netnsDirectory, operatorNamespace);

    /// <summary>The operator namespace's <c>resolv.conf</c>.</summary>
    public string File => Path.Combine(Directory, FileName);

    /// <summary>Makes the operator namespace resolve through <paramref name="nameServers"/>; with none, removes what an earlier run wrote.</summary>
    public void Write(IReadOnlyList<IPAddress> nameServers)
    {
        ArgumentNullException.ThrowIfNull(nameServers);
        if (nameServers.Count == 0)
        {
            Remove();
            return;
        }

        var text = new StringBuilder("# The site's DNS servers, for commands run in its operator namespace; written by webinfra up, removed by webinfra down.\n");
        foreach (var address in nameServers)
        {
            text.Append("nameserver ").Append(address).Append('\n');
        }

        // glibc waits 5 s for a server before it asks the next: with the first name server's host down, every lookup
        // took 5 s (more than a client's own timeout, so the site seemed down by name while the others answered).
        text.Append("options timeout:1 attempts:2\n");

        System.IO.Directory.CreateDirectory(Directory);
        System.IO.File.WriteAllText(File, text.ToString());
    }

    /// <summary>Removes the file and its folder; nothing when they are gone already.</summary>
    public void Remove()
    {
        if (!System.IO.Directory.Exists(Directory))
        {
            return;
        }

        System.IO.File.Delete(File);
        if (!System.IO.Directory.EnumerateFileSystemEntries(Directory).Any())
        {
            System.IO.Directory.Delete(Directory);
        }
    }
}

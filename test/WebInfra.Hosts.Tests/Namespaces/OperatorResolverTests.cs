using System.Net;
using WebInfra.Hosts.Namespaces;

namespace WebInfra.Hosts.Tests.Namespaces;

/// <summary>The operator namespace's resolv.conf, written in a folder of the test's own in place of /etc/netns.</summary>
public sealed class OperatorResolverTests : IDisposable
{
    private readonly string _netns = Directory.CreateTempSubdirectory("webinfra-netns-").FullName;

    [Fact]
    public void Resolv_conf_names_each_dns_server_in_the_operator_namespaces_folder_and_gives_one_up_after_a_second()
    {
        var resolver = new OperatorResolver(_netns, "wi12345678-operator");

        resolver.Write([IPAddress.Parse("10.82.0.53"), IPAddress.Parse("10.82.0.54")]);

        Assert.Equal(Path.Combine(_netns, "wi12345678-operator", "resolv.conf"), resolver.File);
        Assert.Equal(["nameserver 10.82.0.53", "nameserver 10.82.0.54", "options timeout:1 attempts:2"], File.ReadAllLines(resolver.File).Where(l => !l.StartsWith('#')));
    }

    [Fact]
    public void Remove_deletes_the_file_and_its_folder_and_does_nothing_when_they_are_gone()
    {
        var resolver = new OperatorResolver(_netns, "wi12345678-operator");
        resolver.Write([IPAddress.Parse("10.82.0.53")]);

        resolver.Remove();
        resolver.Remove();

        Assert.False(Directory.Exists(resolver.Directory));
        Assert.True(Directory.Exists(_netns));
    }

    [Fact]
    public void No_dns_server_leaves_no_file_and_removes_one_an_earlier_run_wrote()
    {
        var resolver = new OperatorResolver(_netns, "wi12345678-operator");
        resolver.Write([IPAddress.Parse("10.82.0.53")]);

        resolver.Write([]);

        Assert.False(Directory.Exists(resolver.Directory));
    }

    [Fact]
    public void A_file_of_someone_elses_in_the_folder_is_left_with_the_folder()
    {
        var resolver = new OperatorResolver(_netns, "wi12345678-operator");
        resolver.Write([IPAddress.Parse("10.82.0.53")]);
        var hosts = Path.Combine(resolver.Directory, "hosts");
        File.WriteAllText(hosts, "10.82.0.9 other\n");

        resolver.Remove();

        Assert.False(File.Exists(resolver.File));
        Assert.True(File.Exists(hosts));
    }

    public void Dispose() => Directory.Delete(_netns, recursive: true);
}

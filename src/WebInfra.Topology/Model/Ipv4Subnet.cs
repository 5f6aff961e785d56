using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace WebInfra.Topology.Model;

/// <summary>Address arithmetic on an IPv4 subnet: its network, broadcast and host addresses.</summary>
internal static class Ipv4Subnet
{
    /// <summary>127.0.0.0/8, which every network namespace keeps for its own loopback interface.</summary>
    public static IPNetwork Loopback { get; } = new(new IPAddress([127, 0, 0, 0]), 8);

    /// <summary>The address as a number, most significant byte first.</summary>
    public static uint ToNumber(IPAddress address)
    {
        Span<byte> bytes = stackalloc byte[4];
        return address.AddressFamily == AddressFamily.InterNetwork && address.TryWriteBytes(bytes, out _)
            ? BinaryPrimitives.ReadUInt32BigEndian(bytes)
            : throw new ArgumentException($"{address} is not an IPv4 address", nameof(address));
    }

    public static IPAddress FromNumber(uint number)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, number);
        return new IPAddress(bytes);
    }

    /// <summary>The mask of a prefix length, e.g. 0xFFFFFF00 for 24.</summary>
    public static uint Mask(int prefixLength) => prefixLength == 0 ? 0 : uint.MaxValue << (32 - prefixLength);

    /// <summary>The network of <paramref name="prefixLength"/> bits that holds <paramref name="address"/>.</summary>
    public static IPNetwork Containing(IPAddress address, int prefixLength) =>
        new(FromNumber(ToNumber(address) & Mask(prefixLength)), prefixLength);

    /// <summary>The subnet's broadcast address, e.g. 10.77.0.255 in 10.77.0.0/24.</summary>
    public static IPAddress Broadcast(IPNetwork subnet) => FromNumber(ToNumber(subnet.BaseAddress) | ~Mask(subnet.PrefixLength));

    /// <summary>The subnet's host addresses in order, its network and broadcast addresses left out.</summary>
    public static IEnumerable<IPAddress> Hosts(IPNetwork subnet)
    {
        var first = ToNumber(subnet.BaseAddress) + 1;
        var broadcast = ToNumber(Broadcast(subnet));
        for (var number = first; number < broadcast; number++)
        {
            yield return FromNumber(number);
        }
    }

    /// <summary>The subnet's last host address: the broadcast address minus one, e.g. 10.77.0.254 in a /24.</summary>
    public static IPAddress LastHost(IPNetwork subnet) => FromNumber(ToNumber(Broadcast(subnet)) - 1);
}

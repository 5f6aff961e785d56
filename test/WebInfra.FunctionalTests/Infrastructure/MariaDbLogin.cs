using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;

namespace WebInfra.FunctionalTests.Infrastructure;

/// <summary>
/// A MariaDB login from a chosen source address, which neither MySqlConnector nor Debian's <c>mariadb</c> client can
/// bind: the handshake and <c>mysql_native_password</c> by hand, as far as the server's verdict (OK, or its error).
/// </summary>
internal static class MariaDbLogin
{
    private const uint ClientLongPassword = 0x1, ClientProtocol41 = 0x200, ClientSecureConnection = 0x8000, ClientPluginAuth = 0x80000;

    /// <summary>Logs in as <paramref name="user"/> from <paramref name="source"/>; returns "OK" or the server's error message.</summary>
    public static async Task<string> TryAsync(IPEndPoint server, IPAddress source, string user, string password)
    {
        using var socket = await RawHttp.ConnectAsync(server, source);
        using var cancellation = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var greeting = await ReadPacketAsync(socket, cancellation.Token);
        if (greeting[0] == 0xFF)
        {
            return Error(greeting, afterHandshake: false);
        }

        var salt = Salt(greeting);
        var response = new MemoryStream();
        response.Write(LittleEndian(ClientLongPassword | ClientProtocol41 | ClientSecureConnection | ClientPluginAuth));
        response.Write(LittleEndian(16 * 1024 * 1024));
        response.WriteByte(45);
        response.Write(new byte[23]);
        response.Write(Encoding.UTF8.GetBytes(user + "\0"));
        var scramble = Scramble(password, salt);
        response.WriteByte((byte)scramble.Length);
        response.Write(scramble);
        response.Write("mysql_native_password\0"u8);
        await WritePacketAsync(socket, 1, response.ToArray(), cancellation.Token);

        var verdict = await ReadPacketAsync(socket, cancellation.Token);
        return verdict[0] switch
        {
            0x00 => "OK",
            0xFF => Error(verdict, afterHandshake: true),
            _ => $"unexpected reply 0x{verdict[0]:x2}",
        };
    }

    /// <summary>The 20 bytes of the greeting's auth-plugin-data: 8 after the connection id, 12 after the reserved bytes.</summary>
    private static byte[] Salt(byte[] greeting)
    {
        var versionEnd = Array.IndexOf(greeting, (byte)0, 1);
        var first = greeting.AsSpan(versionEnd + 1 + 4, 8);
        var second = greeting.AsSpan(versionEnd + 1 + 4 + 8 + 1 + 2 + 1 + 2 + 2 + 1 + 10, 12);
        return [.. first, .. second];
    }

    /// <summary>SHA1(password) XOR SHA1(salt + SHA1(SHA1(password))): the protocol defines it with SHA-1.</summary>
#pragma warning disable CA5350
    private static byte[] Scramble(string password, byte[] salt)
    {
        var stage1 = SHA1.HashData(Encoding.UTF8.GetBytes(password));
        var stage2 = SHA1.HashData(stage1);
        var mix = SHA1.HashData([.. salt, .. stage2]);
        for (var i = 0; i < mix.Length; i++)
        {
            mix[i] ^= stage1[i];
        }

        return mix;
    }
#pragma warning restore CA5350

    /// <summary>An error packet's message; after the handshake it carries '#' and a five-character SQL state first.</summary>
    private static string Error(byte[] packet, bool afterHandshake)
    {
        var code = BinaryPrimitives.ReadUInt16LittleEndian(packet.AsSpan(1));
        var message = packet.AsSpan(afterHandshake && packet[3] == '#' ? 9 : 3);
        return $"ERROR {code}: {Encoding.UTF8.GetString(message)}";
    }

    private static byte[] LittleEndian(uint value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, value);
        return bytes;
    }

    private static async Task<byte[]> ReadPacketAsync(Socket socket, CancellationToken cancellationToken)
    {
        var header = await ReadExactlyAsync(socket, 4, cancellationToken);
        return await ReadExactlyAsync(socket, header[0] | (header[1] << 8) | (header[2] << 16), cancellationToken);
    }

    private static async Task<byte[]> ReadExactlyAsync(Socket socket, int count, CancellationToken cancellationToken)
    {
        var buffer = new byte[count];
        var read = 0;
        while (read < count)
        {
            var n = await socket.ReceiveAsync(buffer.AsMemory(read), SocketFlags.None, cancellationToken);
            if (n == 0)
            {
                throw new IOException($"the server closed the connection after {read} of {count} bytes");
            }

            read += n;
        }

        return buffer;
    }

    private static async Task WritePacketAsync(Socket socket, byte sequence, byte[] payload, CancellationToken cancellationToken)
    {
        byte[] header = [(byte)payload.Length, (byte)(payload.Length >> 8), (byte)(payload.Length >> 16), sequence];
        await socket.SendAsync(header.AsMemory(), SocketFlags.None, cancellationToken);
        await socket.SendAsync(payload.AsMemory(), SocketFlags.None, cancellationToken);
    }
}

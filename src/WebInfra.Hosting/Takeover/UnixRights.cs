using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace WebInfra.Hosting.Takeover;

/// <summary>
/// The little of <c>sendmsg(2)</c>, <c>recvmsg(2)</c> and <c>fcntl(2)</c> that passing a listening socket to another
/// process takes, which .NET has no managed API for: one message over a Unix socket carrying bytes and, as
/// <c>SCM_RIGHTS</c> ancillary data, file descriptors that the kernel duplicates into the receiving process (HAProxy's
/// <c>expose-fd listeners</c>, <c>unix(7)</c>). Layouts are Linux's on 64-bit machines (<c>x86_64</c>, <c>aarch64</c>).
/// </summary>
internal static partial class UnixRights
{
    /// <summary>The most descriptors one message carries; a component has a few listeners, never this many.</summary>
    public const int MaxDescriptors = 64;

    private const int SolSocket = 1;
    private const int ScmRights = 1;
    private const int SoPeerCred = 17;
    private const int FGetFd = 1;
    private const int FSetFd = 2;
    private const int FdCloexec = 1;

    /// <summary>Sends <paramref name="payload"/> with <paramref name="descriptors"/> attached, in one message.</summary>
    /// <exception cref="SocketException">The message could not be sent whole.</exception>
    public static unsafe void Send(Socket socket, ReadOnlySpan<byte> payload, IReadOnlyList<int> descriptors)
    {
        ArgumentNullException.ThrowIfNull(socket);
        ArgumentNullException.ThrowIfNull(descriptors);
        if (payload.IsEmpty || descriptors.Count is 0 or > MaxDescriptors)
        {
            throw new ArgumentException($"a message carries 1 to {MaxDescriptors} descriptors and some bytes", nameof(descriptors));
        }

        var control = stackalloc byte[ControlSpace(MaxDescriptors)];
        var controlLength = ControlSpace(descriptors.Count);
        new Span<byte>(control, controlLength).Clear();
        var header = (ControlHeader*)control;
        header->Length = (nuint)(sizeof(ControlHeader) + (descriptors.Count * sizeof(int)));
        header->Level = SolSocket;
        header->Type = ScmRights;
        var data = (int*)(control + sizeof(ControlHeader));
        for (var i = 0; i < descriptors.Count; i++)
        {
            data[i] = descriptors[i];
        }

        fixed (byte* bytes = payload)
        {
            var vector = new IoVector { Base = bytes, Length = (nuint)payload.Length };
            var message = new MessageHeader { Vector = &vector, VectorLength = 1, Control = control, ControlLength = (nuint)controlLength };
            var sent = SendMessage((int)socket.Handle, &message, 0);
            if (sent != payload.Length)
            {
                throw new SocketException(sent < 0 ? Marshal.GetLastPInvokeError() : (int)SocketError.MessageSize);
            }
        }
    }

    /// <summary>
    /// Receives one message into <paramref name="buffer"/>: how many bytes it held and the descriptors it carried, now
    /// this process's. They are left without close-on-exec, as descriptors shared with another process must be (see
    /// <see cref="ShareWithOtherProcesses"/>).
    /// </summary>
    /// <exception cref="SocketException">Nothing could be received, or the descriptors did not fit (they are closed).</exception>
    public static unsafe (int Length, int[] Descriptors) Receive(Socket socket, Span<byte> buffer)
    {
        ArgumentNullException.ThrowIfNull(socket);
        var control = stackalloc byte[ControlSpace(MaxDescriptors)];
        fixed (byte* bytes = buffer)
        {
            var vector = new IoVector { Base = bytes, Length = (nuint)buffer.Length };
            var message = new MessageHeader { Vector = &vector, VectorLength = 1, Control = control, ControlLength = (nuint)ControlSpace(MaxDescriptors) };
            var received = ReceiveMessage((int)socket.Handle, &message, 0);
            if (received < 0)
            {
                throw new SocketException(Marshal.GetLastPInvokeError());
            }

            var descriptors = new List<int>();
            for (var offset = 0; offset + sizeof(ControlHeader) <= (int)message.ControlLength;)
            {
                var header = (ControlHeader*)(control + offset);
                if (header->Length < (nuint)sizeof(ControlHeader))
                {
                    break;
                }

                if (header->Level == SolSocket && header->Type == ScmRights)
                {
                    var count = ((int)header->Length - sizeof(ControlHeader)) / sizeof(int);
                    var data = (int*)(control + offset + sizeof(ControlHeader));
                    for (var i = 0; i < count; i++)
                    {
                        descriptors.Add(data[i]);
                    }
                }

                offset += Align((int)header->Length);
            }

            const int ControlTruncated = 0x8;
            if ((message.Flags & ControlTruncated) != 0)
            {
                descriptors.ForEach(d => _ = Close(d));
                throw new SocketException((int)SocketError.MessageSize);
            }

            return ((int)received, [.. descriptors]);
        }
    }

    /// <summary>
    /// Clears close-on-exec on <paramref name="descriptor"/>. To wake a call blocked on a socket it closes, .NET may
    /// disconnect a socket that has close-on-exec set, which on a listening socket would stop it for every process
    /// sharing it; one without is, in its runtime's words, "shared with other processes", and is only closed.
    /// </summary>
    /// <exception cref="SocketException">The descriptor is not open.</exception>
    public static void ShareWithOtherProcesses(int descriptor)
    {
        var flags = Fcntl(descriptor, FGetFd, 0);
        if (flags < 0 || Fcntl(descriptor, FSetFd, flags & ~FdCloexec) < 0)
        {
            throw new SocketException(Marshal.GetLastPInvokeError());
        }
    }

    /// <summary>Whether <paramref name="descriptor"/> has close-on-exec set.</summary>
    public static bool ClosesOnExec(int descriptor) => (Fcntl(descriptor, FGetFd, 0) & FdCloexec) != 0;

    /// <summary>The process id and user id of the process at the other end of a connected Unix socket (<c>SO_PEERCRED</c>).</summary>
    public static (int Pid, uint Uid) Peer(Socket socket)
    {
        ArgumentNullException.ThrowIfNull(socket);
        Span<byte> credentials = stackalloc byte[12];
        socket.GetRawSocketOption(SolSocket, SoPeerCred, credentials);
        return (BitConverter.ToInt32(credentials), BitConverter.ToUInt32(credentials[4..]));
    }

    /// <summary>The real user id of this process.</summary>
    public static uint UserId => GetUid();

    private static unsafe int ControlSpace(int descriptors) => Align(sizeof(ControlHeader)) + Align(descriptors * sizeof(int));

    private static int Align(int length) => (length + IntPtr.Size - 1) & ~(IntPtr.Size - 1);

    [StructLayout(LayoutKind.Sequential)]
    private unsafe struct IoVector
    {
        public byte* Base;
        public nuint Length;
    }

    [StructLayout(LayoutKind.Sequential)]
    private unsafe struct MessageHeader
    {
        public void* Name;
        public uint NameLength;
        public IoVector* Vector;
        public nuint VectorLength;
        public void* Control;
        public nuint ControlLength;
        public int Flags;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct ControlHeader
    {
        public nuint Length;
        public int Level;
        public int Type;
    }

    [LibraryImport("libc", EntryPoint = "sendmsg", SetLastError = true)]
    private static unsafe partial nint SendMessage(int socket, MessageHeader* message, int flags);

    [LibraryImport("libc", EntryPoint = "recvmsg", SetLastError = true)]
    private static unsafe partial nint ReceiveMessage(int socket, MessageHeader* message, int flags);

    [LibraryImport("libc", EntryPoint = "fcntl", SetLastError = true)]
    private static partial int Fcntl(int descriptor, int command, int argument);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int descriptor);

    [LibraryImport("libc", EntryPoint = "getuid")]
    private static partial uint GetUid();
}

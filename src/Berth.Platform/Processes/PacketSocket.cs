using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;
using Berth.Platform.FileSystem;
using Berth.Platform.Interop;
using Microsoft.Win32.SafeHandles;

namespace Berth.Platform.Processes;

/// <summary>
/// An AF_UNIX SOCK_SEQPACKET socket as a bare descriptor, read and written with read(2)/write(2) on the calling
/// thread (one packet per call) and waited on with <see cref="DescriptorWait"/>. A <see cref="System.Net.Sockets.Socket"/>
/// starts the runtime's socket event thread (and its thread pool on the first completion) as soon as it is made; a
/// command that only waits for conmon's next packet needs neither. <see cref="AsSocket"/> gives one for asynchronous use.
/// </summary>
public sealed class PacketSocket : IDisposable
{
    private Socket? socket;

    private PacketSocket(SafeFileHandle handle) => Handle = handle;

    /// <summary>The descriptor (close-on-exec), e.g. for a child's inherited descriptors.</summary>
    public SafeFileHandle Handle { get; }

    /// <summary>A connected close-on-exec pair (podman's newPipe).</summary>
    public static unsafe (PacketSocket First, PacketSocket Second) Pair()
    {
        var fds = stackalloc int[2];
        if (Libc.Socketpair(Libc.AF_UNIX, Libc.SOCK_SEQPACKET | Libc.SOCK_CLOEXEC, 0, fds) < 0)
        {
            throw new IOException($"socketpair: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
        }

        return (new PacketSocket(new SafeFileHandle(fds[0], ownsHandle: true)), new PacketSocket(new SafeFileHandle(fds[1], ownsHandle: true)));
    }

    /// <summary>
    /// Connects to the socket file at <paramref name="path"/> through an O_PATH descriptor of it
    /// (<c>/proc/self/fd/N</c>, as podman's openUnixSocket does), so paths longer than sun_path's 108 bytes work.
    /// </summary>
    public static unsafe PacketSocket Connect(string path)
    {
        var fd = Libc.Socket(Libc.AF_UNIX, Libc.SOCK_SEQPACKET | Libc.SOCK_CLOEXEC, 0);
        if (fd < 0)
        {
            throw new IOException($"socket: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
        }

        var handle = new SafeFileHandle(fd, ownsHandle: true);
        try
        {
            using var target = NativeSpawn.OpenPath(path);
            var name = Encoding.UTF8.GetBytes($"/proc/self/fd/{target.DangerousGetHandle()}");
            var address = default(Libc.SockaddrUn);
            address.Family = Libc.AF_UNIX;
            name.AsSpan().CopyTo(new Span<byte>(address.Path, 107));
            while (Libc.Connect(fd, &address, (uint)(sizeof(ushort) + name.Length + 1)) < 0)
            {
                var errno = Marshal.GetLastPInvokeError();
                if (errno != (int)Errno.EINTR)
                {
                    throw new IOException(Marshal.GetPInvokeErrorMessage(errno));
                }
            }

            return new PacketSocket(handle);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>True once a packet (or the end) can be read; false when <paramref name="timeout"/> passed first.</summary>
    public bool WaitReadable(TimeSpan timeout, CancellationToken cancellationToken) =>
        DescriptorWait.Readable(Handle, timeout, cancellationToken);

    /// <summary><see cref="WaitReadable(TimeSpan, CancellationToken)"/> with a wait that serves a loop of them.</summary>
    public bool WaitReadable(DescriptorWait wait, TimeSpan timeout) => wait.Readable(Handle, timeout);

    /// <summary>
    /// The next packet into <paramref name="buffer"/> (blocks until one comes); 0 at the end (closed or reset). The
    /// descriptor is blocking unless <see cref="AsSocket"/> was used (.NET makes its sockets non-blocking): a read
    /// that finds nothing then waits for the next packet.
    /// </summary>
    public unsafe int Receive(Span<byte> buffer)
    {
        fixed (byte* p = buffer)
        {
            while (true)
            {
                var n = Libc.Read((int)Handle.DangerousGetHandle(), p, (nuint)buffer.Length);
                if (n >= 0)
                {
                    return (int)n;
                }

                var errno = Marshal.GetLastPInvokeError();
                if (errno == (int)Errno.ECONNRESET)
                {
                    return 0;
                }

                if (errno == (int)Errno.EAGAIN)
                {
                    DescriptorWait.Readable(Handle, Timeout.InfiniteTimeSpan, CancellationToken.None);
                    continue;
                }

                if (errno != (int)Errno.EINTR)
                {
                    throw new IOException(Marshal.GetPInvokeErrorMessage(errno));
                }
            }
        }
    }

    /// <summary>Sends <paramref name="packet"/> as one packet; false when the peer is gone.</summary>
    public unsafe bool TrySend(ReadOnlySpan<byte> packet)
    {
        fixed (byte* p = packet)
        {
            while (true)
            {
                if (Libc.Write((int)Handle.DangerousGetHandle(), p, (nuint)packet.Length) >= 0)
                {
                    return true;
                }

                var errno = Marshal.GetLastPInvokeError();
                if (errno is (int)Errno.EPIPE or (int)Errno.ECONNRESET)
                {
                    return false;
                }

                if (errno != (int)Errno.EINTR)
                {
                    throw new IOException(Marshal.GetPInvokeErrorMessage(errno));
                }
            }
        }
    }

    /// <summary>
    /// The same socket for asynchronous use, made once over a close-on-exec duplicate of the descriptor that it owns:
    /// disposing it ends its pending operations before anything is closed. (The duplicate shares the open file, so the
    /// descriptor turns non-blocking; see <see cref="Receive"/>.)
    /// </summary>
    public Socket AsSocket()
    {
        if (socket is null)
        {
            var copy = Libc.FcntlDupCloexec(Handle, Libc.F_DUPFD_CLOEXEC, 0);
            if (copy < 0)
            {
                throw new IOException($"fcntl(F_DUPFD_CLOEXEC): {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
            }

            socket = new Socket(new SafeSocketHandle(copy, ownsHandle: true));
        }

        return socket;
    }

    public void Dispose()
    {
        socket?.Dispose();
        Handle.Dispose();
    }
}

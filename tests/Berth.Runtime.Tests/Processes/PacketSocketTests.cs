using System.Diagnostics;
using Berth.Platform.Processes;

namespace Berth.Runtime.Tests.Processes;

/// <summary>
/// The descriptor-level pieces conmon is talked to with on the calling thread: SOCK_SEQPACKET pairs and connections
/// (packets kept whole), poll(2) with a timeout and a cancellation token, and children reaped on SIGCHLD.
/// </summary>
public sealed class PacketSocketTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public void Pair_KeepsPacketsWhole_AndReportsTheEnd()
    {
        var (a, b) = PacketSocket.Pair();
        using (b)
        {
            using (a)
            {
                Assert.True(a.TrySend("first"u8));
                Assert.True(a.TrySend("second packet"u8));
                var buffer = new byte[64];
                Assert.True(b.WaitReadable(Patience, CancellationToken.None));
                Assert.Equal("first", System.Text.Encoding.ASCII.GetString(buffer, 0, b.Receive(buffer)));
                Assert.Equal("second packet", System.Text.Encoding.ASCII.GetString(buffer, 0, b.Receive(buffer)));
            }

            // The peer closed: readable at once, and the read says end.
            Assert.True(b.WaitReadable(Patience, CancellationToken.None));
            Assert.Equal(0, b.Receive(new byte[8]));
            Assert.False(b.TrySend("x"u8));
        }
    }

    [Fact]
    public async Task Receive_AfterAsSocketMadeTheSocketNonBlocking_StillWaitsForThePacket()
    {
        var (a, b) = PacketSocket.Pair();
        using (a)
        using (b)
        {
            // An asynchronous receive that times out leaves the shared open file non-blocking.
            using (var quick = new CancellationTokenSource(TimeSpan.FromMilliseconds(20)))
            {
                await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await b.AsSocket().ReceiveAsync(new byte[8], System.Net.Sockets.SocketFlags.None, quick.Token));
            }

            var later = Task.Run(async () =>
            {
                await Task.Delay(50);
                Assert.True(a.TrySend("late"u8));
            });
            var buffer = new byte[16];
            Assert.Equal(4, b.Receive(buffer));
            await later.WaitAsync(Patience);
        }
    }

    [Fact]
    public void DescriptorWait_OneInstance_ServesSeveralWaits()
    {
        var (a, b) = PacketSocket.Pair();
        using (a)
        using (b)
        using (var cancel = new CancellationTokenSource())
        using (var wait = new DescriptorWait(cancel.Token))
        {
            for (var i = 0; i < 3; i++)
            {
                Assert.False(b.WaitReadable(wait, TimeSpan.FromMilliseconds(10)));
                Assert.True(a.TrySend([(byte)i]));
                Assert.True(b.WaitReadable(wait, Patience));
                Assert.Equal(1, b.Receive(new byte[4]));
            }

            cancel.Cancel();
            Assert.ThrowsAny<OperationCanceledException>(() => b.WaitReadable(wait, Patience));
        }
    }

    [Fact]
    public void WaitReadable_NothingComes_TimesOutAfterTheTimeout()
    {
        var (a, b) = PacketSocket.Pair();
        using (a)
        using (b)
        {
            var clock = Stopwatch.StartNew();
            Assert.False(b.WaitReadable(TimeSpan.FromMilliseconds(50), CancellationToken.None));
            Assert.InRange(clock.Elapsed, TimeSpan.FromMilliseconds(45), Patience);
        }
    }

    [Fact]
    public async Task WaitReadable_Cancelled_ThrowsWhileWaiting()
    {
        var (a, b) = PacketSocket.Pair();
        using (a)
        using (b)
        using (var cancel = new CancellationTokenSource())
        {
            var waiting = Task.Factory.StartNew(() => b.WaitReadable(Timeout.InfiniteTimeSpan, cancel.Token), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
            await Task.Delay(50);
            Assert.False(waiting.IsCompleted);

            await cancel.CancelAsync();

            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting.WaitAsync(Patience));
        }
    }

    [Fact]
    public void Connect_ReachesAListeningSocketThroughALongPath()
    {
        // Longer than sun_path's 108 bytes: reached through /proc/self/fd/N of an O_PATH descriptor. The socket is bound
        // at a short name; the long path leads to it through a directory link.
        var dir = Directory.CreateTempSubdirectory("berth-packets").FullName;
        var longDir = Path.Combine(dir, new string('d', 100));
        Directory.CreateDirectory(longDir);
        Directory.CreateSymbolicLink(Path.Combine(longDir, "link"), dir);
        var path = Path.Combine(longDir, "link", "attach");
        try
        {
            Assert.True(path.Length > 108);
            using var listener = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.Unix, System.Net.Sockets.SocketType.Seqpacket, System.Net.Sockets.ProtocolType.Unspecified);
            listener.Bind(new System.Net.Sockets.UnixDomainSocketEndPoint(Path.Combine(dir, "attach")));
            listener.Listen(1);
            using var client = PacketSocket.Connect(path);
            using var served = listener.Accept();
            served.Send("\u0002hi"u8);
            var buffer = new byte[16];
            Assert.True(client.WaitReadable(Patience, CancellationToken.None));
            Assert.Equal(3, client.Receive(buffer));
            Assert.Equal((byte)2, buffer[0]);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Connect_NoSocketThere_IsAnIOException()
    {
        var dir = Directory.CreateTempSubdirectory("berth-packets").FullName;
        try
        {
            File.WriteAllText(Path.Combine(dir, "plain"), "");
            Assert.ThrowsAny<IOException>(() => PacketSocket.Connect(Path.Combine(dir, "plain")));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task ChildReaper_ReportsExitCodesAndSignals_AlongsideProcessChildren()
    {
        var quick = NativeSpawn.Spawn("/bin/sh", ["/bin/sh", "-c", "exit 3"], [], [], newProcessGroup: false, newSession: false);
        var killed = NativeSpawn.Spawn("/bin/sh", ["/bin/sh", "-c", "kill -KILL $$"], [], [], newProcessGroup: false, newSession: false);
        var slow = NativeSpawn.Spawn("/bin/sh", ["/bin/sh", "-c", "sleep 0.3; exit 4"], [], [], newProcessGroup: false, newSession: false);
        await Task.Delay(100);
        var quickExit = ChildReaper.Watch(quick);
        var killedExit = ChildReaper.Watch(killed);
        var slowExit = ChildReaper.Watch(slow);

        // The runtime's own children (System.Diagnostics.Process) are still reaped by the runtime.
        using (var other = Process.Start(new ProcessStartInfo("/bin/sh", ["-c", "exit 5"]) { UseShellExecute = false })!)
        {
            await other.WaitForExitAsync().WaitAsync(Patience);
            Assert.Equal(5, other.ExitCode);
        }

        Assert.Equal(3, await quickExit.WaitAsync(Patience));
        Assert.Equal(128 + 9, await killedExit.WaitAsync(Patience));
        Assert.Equal(4, await slowExit.WaitAsync(Patience));
    }
}

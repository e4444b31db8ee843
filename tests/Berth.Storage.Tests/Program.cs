using System.Diagnostics;
using Berth.Oci;
using Berth.Storage.Layers;

namespace Berth.Storage.Tests;

/// <summary>
/// The helper process for tests that need a second process or a crash: <c>dotnet exec Berth.Storage.Tests.dll VERB …</c>.
/// Never run by the test runner itself.
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        if (args.Length < 3)
        {
            await Console.Error.WriteLineAsync("usage: VERB GRAPHROOT DRIVER [ARGS]");
            return 2;
        }

        var (verb, root, driver) = (args[0], args[1], args[2]);
        using var store = Store.Open(new Config.StorageConf { GraphRoot = root, RunRoot = root + "-run", TmpDir = root + "-tmp", Driver = driver });
        switch (verb)
        {
            case "create-layer":
                {
                    // args[3]: a file that gets one line per populate call.
                    var diffId = Changes.DiffId("shared");
                    await store.Layers.CreateAsync(diffId, null, diffId, async (dir, format, ct) =>
                    {
                        await File.AppendAllTextAsync(args[3], $"{Environment.ProcessId}\n", ct);
                        await Task.Delay(400, ct);
                        Changes.Apply(dir, format, [new AddFile("/f", "x")]);
                        return 1;
                    }, CancellationToken.None);
                    return 0;
                }

            case "crash-at":
                {
                    // args[3]: the fault point to die at (SIGKILL, as a kill -9 would).
                    FaultInjection.Hook = point =>
                    {
                        if (point == args[3])
                        {
                            Process.GetCurrentProcess().Kill();
                            Thread.Sleep(Timeout.Infinite);
                        }
                    };
                    await store.Content.WriteBytesAsync("crash blob"u8.ToArray(), CancellationToken.None);
                    var diffId = Changes.DiffId("crash");
                    await store.Layers.CreateAsync(diffId, null, diffId, Changes.Populate([new AddFile("/f", "x"), new AddDirectory("/d")]), CancellationToken.None);
                    await store.Layers.RemoveAsync(diffId, CancellationToken.None);
                    return 0;
                }

            case "hang-mid-write":
                {
                    // Streams part of a blob, says "ready", then waits to be killed.
                    var descriptor = new Descriptor { MediaType = "application/octet-stream", Digest = Changes.DiffId("never"), Size = 1 << 20 };
                    await store.Content.WriteAsync(descriptor, new StallingStream(), CancellationToken.None);
                    return 1;
                }

            case "hang-mid-populate":
                {
                    var diffId = Changes.DiffId("stalled");
                    await store.Layers.CreateAsync(diffId, null, diffId, async (dir, format, ct) =>
                    {
                        Changes.Apply(dir, format, [new AddFile("/partial", "x")]);
                        Console.WriteLine("ready");
                        await Task.Delay(Timeout.Infinite, ct);
                        return 0;
                    }, CancellationToken.None);
                    return 1;
                }

            case "orphan-layer":
                {
                    // Commits a layer and a blob, then dies before any image owns them (an interrupted pull).
                    await store.Content.WriteBytesAsync("orphan blob"u8.ToArray(), CancellationToken.None);
                    var diffId = Changes.DiffId("orphan");
                    await store.Layers.CreateAsync(diffId, null, diffId, Changes.Populate([new AddFile("/f", "x")]), CancellationToken.None);
                    Process.GetCurrentProcess().Kill();
                    Thread.Sleep(Timeout.Infinite);
                    return 1;
                }

            default:
                await Console.Error.WriteLineAsync($"unknown verb {verb}");
                return 2;
        }
    }

    /// <summary>Gives 64 KiB, prints "ready", then blocks forever.</summary>
    private sealed class StallingStream : Stream
    {
        private int given;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (given < 65536)
            {
                var n = Math.Min(buffer.Length, 65536 - given);
                buffer.Span[..n].Fill(7);
                given += n;
                return n;
            }

            Console.WriteLine("ready");
            await Task.Delay(Timeout.Infinite, cancellationToken);
            return 0;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}

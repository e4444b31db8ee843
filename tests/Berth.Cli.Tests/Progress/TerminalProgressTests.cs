using Berth.Cli.Output;
using Berth.Oci;

namespace Berth.Cli.Tests.Progress;

/// <summary>
/// The terminal view driven by a manual clock: every byte it writes (text and ANSI cursor movement) is compared with
/// the expected screen updates.
/// </summary>
public sealed class TerminalProgressTests : IDisposable
{
    private const int MiB = 1024 * 1024;
    private const string Up1 = "\e[1A\r";
    private const string Eol = "\e[K\n";
    private static readonly TimeSpan Tick = TerminalProgress.RedrawInterval;

    private readonly ManualTimeProvider time = new();
    private readonly StringWriter screen = new() { NewLine = "\n" };

    public void Dispose() => screen.Dispose();

    private TerminalProgress View() => new(screen, time, () => 200);

    private static Descriptor Blob(char hex, long size) => new()
    {
        MediaType = MediaTypes.OciLayerGzip,
        Digest = Digest.Parse("sha256:" + new string(hex, 64)),
        Size = size,
    };

    private static string Bar(int filled, int cells = 38) =>
        "[" + filled switch
        {
            0 => new string('-', cells),
            _ when filled == cells => new string('=', cells),
            _ => new string('=', filled - 1) + ">" + new string('-', cells - filled),
        } + "]";

    [Fact]
    public void Track_OneBlobThroughToDone_DrawsLiveBarThenDoneLine()
    {
        var blob = Blob('a', 40 * MiB);
        var view = View();
        view.Line("Trying to pull example.com/x:latest...");
        view.Line("Getting image source signatures");
        var stream = view.Track(blob, new MemoryStream(new byte[40 * MiB]));
        var buffer = new byte[30 * MiB];
        stream.ReadExactly(buffer, 0, 10 * MiB);
        time.Advance(Tick);
        stream.ReadExactly(buffer, 0, 20 * MiB);
        time.Advance(Tick);
        stream.ReadExactly(buffer, 0, 10 * MiB);
        Assert.Equal(0, stream.Read(buffer));
        stream.Dispose();
        Assert.Equal(0, time.ActiveTimers);
        var beforeIdleTick = screen.ToString();
        time.Advance(Tick);
        Assert.Equal(beforeIdleTick, screen.ToString());
        view.BlobDone(blob, "done");
        view.ConfigDone(Digest.Parse("sha256:" + new string('c', 64)));
        view.Line("Writing manifest to image destination");
        view.Dispose();

        var expected =
            "Trying to pull example.com/x:latest...\n" +
            "Getting image source signatures\n" +
            $"Copying blob aaaaaaaaaaaa {Bar(0)} 0.0b / 40.0MiB | 0.0 b/s{Eol}" +
            $"{Up1}Copying blob aaaaaaaaaaaa {Bar(9)} 10.0MiB / 40.0MiB | 100.0 MiB/s{Eol}" +
            // 200 MiB/s measured, smoothed from 100: 100 + 0.3 × 100.
            $"{Up1}Copying blob aaaaaaaaaaaa {Bar(28)} 30.0MiB / 40.0MiB | 130.0 MiB/s{Eol}" +
            $"{Up1}Copying blob aaaaaaaaaaaa done   | {Eol}" +
            "Copying config cccccccccc done   | \n" +
            "Writing manifest to image destination\n";
        Assert.Equal(expected, screen.ToString());
    }

    [Fact]
    public void Line_WhileBlobsMove_PrintedAboveTheLiveLines_SkippedBlobJoinsAtNextTick()
    {
        var view = View();
        using var a = view.Track(Blob('a', 1024), new MemoryStream(new byte[1024]));
        using var b = view.Track(Blob('b', 2048), new MemoryStream(new byte[2048]));
        view.Line("a plain line");
        view.BlobDone(Blob('d', 4096), "skipped: already exists");
        var beforeTick = screen.ToString();
        time.Advance(Tick);

        var lineA = $"Copying blob aaaaaaaaaaaa {Bar(0)} 0.0b / 1.0KiB | 0.0 b/s{Eol}";
        var lineB = $"Copying blob bbbbbbbbbbbb {Bar(0)} 0.0b / 2.0KiB | 0.0 b/s{Eol}";
        Assert.Equal(lineA + Up1 + lineA + lineB + "\e[2A\r\e[J" + "a plain line\n" + lineA + lineB, beforeTick);
        Assert.Equal(beforeTick + "\e[2A\r" + lineA + lineB + $"Copying blob dddddddddddd skipped: already exists  {Eol}", screen.ToString());
    }

    [Fact]
    public void BlobDone_FirstOfThreeFinished_LeavesTheLiveRegionAfterItsLastDraw()
    {
        var view = View();
        var a = view.Track(Blob('a', 1024), new MemoryStream(new byte[1024]));
        using var b = view.Track(Blob('b', 1024), new MemoryStream(new byte[1024]));
        a.CopyTo(Stream.Null);
        a.Dispose();
        view.BlobDone(Blob('a', 1024), "done");
        time.Advance(Tick);
        var afterDone = screen.ToString();
        time.Advance(Tick);

        var lineB = $"Copying blob bbbbbbbbbbbb {Bar(0)} 0.0b / 1.0KiB | 0.0 b/s{Eol}";
        Assert.EndsWith("\e[2A\r" + $"Copying blob aaaaaaaaaaaa done   | {Eol}" + lineB, afterDone);
        // Only b is redrawn from now on: one line up, not two.
        Assert.Equal(afterDone + Up1 + lineB, screen.ToString());
    }

    [Fact]
    public void Track_StreamDisposedWithoutDone_StopsTimerAndDisposeLeavesTheLastState()
    {
        var view = View();
        var stream = view.Track(Blob('a', 1024), new MemoryStream(new byte[1024]));
        stream.ReadExactly(new byte[512]);
        Assert.Equal(1, time.ActiveTimers);
        stream.Dispose();
        Assert.Equal(0, time.ActiveTimers);
        var afterFailure = screen.ToString();
        time.Advance(Tick * 5);
        Assert.Equal(afterFailure, screen.ToString());

        view.Dispose();
        Assert.Equal(afterFailure + $"{Up1}Copying blob aaaaaaaaaaaa {Bar(19)} 512.0b / 1.0KiB{Eol}", screen.ToString());
        view.Dispose();
        time.Advance(Tick);
        Assert.Equal(afterFailure + $"{Up1}Copying blob aaaaaaaaaaaa {Bar(19)} 512.0b / 1.0KiB{Eol}", screen.ToString());
    }

    [Fact]
    public void Dispose_ThenMoreWork_PlainLinesOnlyAndNoTimer()
    {
        var view = View();
        view.Dispose();
        using var stream = view.Track(Blob('a', 1024), new MemoryStream(new byte[1024]));
        stream.CopyTo(Stream.Null);
        view.Line("Writing manifest to image destination");
        time.Advance(Tick);
        Assert.Equal(0, time.ActiveTimers);
        Assert.Equal("Writing manifest to image destination\n", screen.ToString());
    }

    [Fact]
    public async Task Track_ParallelReadsWhileRedrawing_CountEveryByte()
    {
        var view = View();
        var sizes = new[] { 3 * MiB + 17, 2 * MiB + 5, MiB, 4 * MiB + 1 };
        var blobs = sizes.Select((size, i) => Blob((char)('a' + i), size)).ToArray();
        var streams = blobs.Select((blob, i) => view.Track(blob, new MemoryStream(new byte[sizes[i]]))).ToArray();
        var readers = streams.Select(s => Task.Run(async () =>
        {
            var buffer = new byte[4093];
            while (await s.ReadAsync(buffer) > 0)
            {
            }
        })).ToArray();
        var all = Task.WhenAll(readers);
        while (!all.IsCompleted)
        {
            time.Advance(Tick);
            await Task.Yield();
        }

        await all;
        time.Advance(Tick);
        var last = screen.ToString().Split("\e[4A\r")[^1];
        var expected = string.Concat(blobs.Select((blob, i) =>
            $"Copying blob {new string((char)('a' + i), 12)} {Bar(38)} {ProgressBarLine.Size(sizes[i], false)} / {ProgressBarLine.Size(sizes[i], false)} | "));
        Assert.Equal(expected, string.Concat(last.Split(Eol, StringSplitOptions.RemoveEmptyEntries).Select(l => l[..(l.LastIndexOf('|') + 2)])));
        foreach (var s in streams)
        {
            await s.DisposeAsync();
        }

        Assert.Equal(0, time.ActiveTimers);
    }
}

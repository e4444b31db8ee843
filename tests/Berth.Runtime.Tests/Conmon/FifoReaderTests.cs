using System.Diagnostics;
using Berth.Platform.Processes;

namespace Berth.Runtime.Tests.Conmon;

/// <summary>The exec.fifo protocol of runc: init opens the FIFO for writing, writes "0", and closes it when it exec's.</summary>
public sealed class FifoReaderTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("berth-fifo").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string MakeFifo()
    {
        var path = Path.Combine(_dir, "exec.fifo");
        using var mkfifo = Process.Start("mkfifo", [path]);
        mkfifo.WaitForExit();
        Assert.Equal(0, mkfifo.ExitCode);
        return path;
    }

    [Fact]
    public async Task ReadToEnd_WriterWritesThenCloses_ReturnsItsBytesOnlyAfterTheClose()
    {
        var path = MakeFifo();
        var closed = false;
        var writer = Task.Run(() =>
        {
            // Like runc init: a blocking open for writing, which waits for the reader.
            using var fifo = new FileStream(path, FileMode.Open, FileAccess.Write);
            fifo.Write("0"u8);
            fifo.Flush();
            Thread.Sleep(200);
            closed = true;
        });

        var data = FifoReader.ReadToEnd(path, () => false, TimeSpan.FromMilliseconds(100), CancellationToken.None);

        Assert.Equal("0"u8.ToArray(), data);
        Assert.True(closed);
        await writer;
    }

    [Fact]
    public void ReadToEnd_NoFifo_ReturnsNull() =>
        Assert.Null(FifoReader.ReadToEnd(Path.Combine(_dir, "missing"), () => false, TimeSpan.FromMilliseconds(10), CancellationToken.None));

    [Fact]
    public void ReadToEnd_WriterNeverComes_ReturnsEmptyOnceItIsGone()
    {
        var path = MakeFifo();
        var asked = 0;

        var data = FifoReader.ReadToEnd(path, () => ++asked == 3, TimeSpan.FromMilliseconds(20), CancellationToken.None);

        Assert.Empty(data!);
        Assert.Equal(3, asked);
    }
}

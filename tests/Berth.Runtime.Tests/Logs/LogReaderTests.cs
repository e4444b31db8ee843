using System.Text;
using Berth.Runtime.Logs;

namespace Berth.Runtime.Tests.Logs;

public sealed class LogReaderTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("berth-logs").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string Line(int second, string stream, string kind, string text) =>
        $"2024-05-01T10:00:{second:D2}.000000001+00:00 {stream} {kind} {text}\n";

    private static async Task<List<string>> CollectAsync(IAsyncEnumerable<LogEntry> entries)
    {
        var list = new List<string>();
        await foreach (var e in entries)
        {
            list.Add(Encoding.UTF8.GetString(e.Content) + (e.Partial ? "" : "\\n"));
        }

        return list;
    }

    [Fact]
    public void ParseLine_Fields()
    {
        var e = K8sFileReader.ParseLine("2024-05-01T12:00:00.123456789+02:00 stderr P a  b "u8)!;
        Assert.Equal(LogStream.Stderr, e.Stream);
        Assert.True(e.Partial);
        Assert.Equal("a  b ", Encoding.UTF8.GetString(e.Content));
        Assert.Equal("2024-05-01T12:00:00.123456789+02:00", e.Time.ToString());
        Assert.Equal(new DateTimeOffset(2024, 5, 1, 10, 0, 0, TimeSpan.Zero).AddTicks(1234567), e.Time.ToDateTimeOffset());
        Assert.Null(K8sFileReader.ParseLine("garbage"u8));
        Assert.Null(K8sFileReader.ParseLine("2024-05-01T12:00:00Z stdout F"u8));
    }

    [Fact]
    public void JoinPartials_WholeLines()
    {
        var entries = K8sFileReader.ParseAll(Encoding.UTF8.GetBytes(Line(1, "stdout", "P", "ab") + Line(2, "stdout", "F", "cd") + Line(3, "stdout", "F", "e")));
        Assert.Equal(["abcd", "e"], K8sFileReader.JoinPartials(entries).Select(e => Encoding.UTF8.GetString(e.Content)));
    }

    [Fact]
    public async Task SinceUntil_Strict()
    {
        var path = Path.Combine(_dir, "log");
        File.WriteAllText(path, Line(1, "stdout", "F", "a") + Line(2, "stdout", "F", "b") + Line(3, "stdout", "F", "c"));
        var options = new LogOptions
        {
            Since = LogTimeInput.Parse("2024-05-01T10:00:01.000000001Z", true),
            Until = LogTimeInput.Parse("2024-05-01T10:00:03.000000001Z", false),
        };
        Assert.Equal(["b\\n"], await CollectAsync(LogReader.ReadAsync(path, options, null, CancellationToken.None)));
        Assert.Empty(await CollectAsync(LogReader.ReadAsync(path, new LogOptions { Tail = 0 }, null, CancellationToken.None)));
        Assert.Empty(await CollectAsync(LogReader.ReadAsync(Path.Combine(_dir, "missing"), new LogOptions(), null, CancellationToken.None)));
    }

    [Fact]
    public async Task Tail_LargeFile_ReadsOnlyTheEnd()
    {
        var path = Path.Combine(_dir, "big");
        using (var f = File.Create(path))
        {
            var block = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, 1000).Select(i => Line(i % 60, "stdout", "F", "filler filler filler filler"))));
            while (f.Length < 100L * 1024 * 1024)
            {
                f.Write(block);
            }

            f.Write(Encoding.UTF8.GetBytes(Line(5, "stdout", "F", "x") + Line(6, "stderr", "F", "y")));
        }

        using var counting = new CountingStream(path);
        var entries = LogTail.Read(counting, counting.Length, 2);
        Assert.Equal(["x", "y"], entries.Select(e => Encoding.UTF8.GetString(e.Content)));
        Assert.True(counting.BytesRead <= 128 * 1024, $"read {counting.BytesRead} bytes");
    }

    [Fact]
    public async Task Follow_ReadsGrowthThenDrainsAfterExit()
    {
        var path = Path.Combine(_dir, "f");
        File.WriteAllText(path, Line(1, "stdout", "F", "first"));
        var exited = false;
        var options = new LogOptions { Follow = true, PollInterval = TimeSpan.FromMilliseconds(20) };
        var reading = CollectAsync(LogReader.ReadAsync(path, options, _ => ValueTask.FromResult(Volatile.Read(ref exited)), CancellationToken.None));
        await Task.Delay(100);
        File.AppendAllText(path, Line(2, "stdout", "F", "second") + "2024-05-01T10:00:03.000000001+00:00 stdout F thi");
        await Task.Delay(100);
        Assert.False(reading.IsCompleted);
        File.AppendAllText(path, "rd\n");
        Volatile.Write(ref exited, true);
        File.AppendAllText(path, Line(4, "stderr", "F", "last"));
        Assert.Equal(["first\\n", "second\\n", "third\\n", "last\\n"], await reading.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task Follow_RotatedOrTruncated_StartsOver()
    {
        var path = Path.Combine(_dir, "r");
        File.WriteAllText(path, Line(1, "stdout", "F", "old"));
        var exited = false;
        var seen = new List<string>();
        var options = new LogOptions { Follow = true, PollInterval = TimeSpan.FromMilliseconds(20) };
        var reading = Task.Run(async () =>
        {
            await foreach (var e in LogReader.ReadAsync(path, options, _ => ValueTask.FromResult(Volatile.Read(ref exited)), CancellationToken.None))
            {
                lock (seen)
                {
                    seen.Add(Encoding.UTF8.GetString(e.Content) + (e.Partial ? "" : "\\n"));
                }
            }
        });

        // Each change waits until the reader showed the line before it (no fixed sleeps: a loaded machine is slow).
        await SeenAsync(seen, 1);
        // conmon's rotation: a new file renamed over the old one.
        File.WriteAllText(path + ".tmp", Line(2, "stdout", "F", "new"));
        File.Move(path + ".tmp", path, overwrite: true);
        await SeenAsync(seen, 2);
        // and a truncation in place, then a line shorter than the one before it
        using (var f = new FileStream(path, FileMode.Open, FileAccess.Write))
        {
            f.SetLength(0);
        }

        File.AppendAllText(path, Line(3, "stdout", "F", "n3"));
        await SeenAsync(seen, 3);
        Volatile.Write(ref exited, true);
        await reading.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(["old\\n", "new\\n", "n3\\n"], seen);
    }

    private static async Task SeenAsync(List<string> seen, int count)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            lock (seen)
            {
                if (seen.Count >= count)
                {
                    return;
                }
            }

            Assert.True(DateTime.UtcNow < deadline, $"the reader showed {seen.Count} lines, not {count}");
            await Task.Delay(10);
        }
    }

    [Fact]
    public async Task Follow_Cancelled_Ends()
    {
        var path = Path.Combine(_dir, "c");
        File.WriteAllText(path, Line(1, "stdout", "F", "a"));
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        var lines = await CollectAsync(LogReader.ReadAsync(path, new LogOptions { Follow = true }, _ => ValueTask.FromResult(false), cts.Token));
        Assert.Equal(["a\\n"], lines);
    }

    private sealed class CountingStream(string path) : FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1)
    {
        public long BytesRead { get; private set; }

        public override int Read(Span<byte> buffer)
        {
            var n = base.Read(buffer);
            BytesRead += n;
            return n;
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = base.Read(buffer, offset, count);
            BytesRead += n;
            return n;
        }
    }
}

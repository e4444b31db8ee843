using System.Text;
using Berth.Runtime.Logs;

namespace Berth.Runtime.Tests.Logs;

/// <summary><c>podman logs</c> output recorded from real conmon log files (Golden/podman-4.3/files/l1.log, l2.log).</summary>
public class LogsGoldenTests
{
    private static string Golden(string name) => Path.Combine(AppContext.BaseDirectory, "Golden", "podman-4.3", "files", name);

    private static async Task<(string Out, string Err)> RenderAsync(string[] containers, LogOptions options, LogFormatOptions format)
    {
        using var stdout = new MemoryStream();
        using var stderr = new MemoryStream();
        foreach (var c in containers)
        {
            var id = File.ReadAllText(Golden(c + ".id")).Trim();
            await foreach (var entry in LogReader.ReadAsync(Golden(c + ".log"), options, null, CancellationToken.None))
            {
                await LogFormatter.WriteAsync(entry, format, id, c, stdout, stderr, CancellationToken.None);
            }
        }

        return (Encoding.UTF8.GetString(stdout.ToArray()), Encoding.UTF8.GetString(stderr.ToArray()));
    }

    [Theory]
    [InlineData("logs-plain", -1L, false)]
    [InlineData("logs-t", -1L, true)]
    [InlineData("logs-tail2", 2L, false)]
    [InlineData("logs-tail3", 3L, false)]
    [InlineData("logs-n-single", -1L, false)]
    public async Task SingleContainer_MatchesPodman(string golden, long tail, bool timestamps)
    {
        var (output, error) = await RenderAsync(["l1"], new LogOptions { Tail = tail }, new LogFormatOptions { Timestamps = timestamps, UseNames = true });
        Assert.Equal(File.ReadAllText(Golden(golden + ".out")), output);
        Assert.Equal(File.ReadAllText(Golden(golden + ".err")), error);
    }

    // podman reads several containers concurrently: its output is some interleaving of each container's pieces.
    [Theory]
    [InlineData("logs-names", true)]
    [InlineData("logs-multi", false)]
    public async Task SeveralContainers_PrefixesLikePodman(string golden, bool names)
    {
        var format = new LogFormatOptions { Multi = true, UseNames = names };
        var pieces = new List<List<string>>();
        foreach (var c in new[] { "l1", "l2" })
        {
            var id = File.ReadAllText(Golden(c + ".id")).Trim();
            var list = new List<string>();
            await foreach (var entry in LogReader.ReadAsync(Golden(c + ".log"), new LogOptions(), null, CancellationToken.None))
            {
                if (entry.Stream == LogStream.Stdout)
                {
                    list.Add(Encoding.UTF8.GetString(LogFormatter.Format(entry, format, id, c)));
                }
            }

            pieces.Add(list);
        }

        Assert.True(IsInterleaving(File.ReadAllText(Golden(golden + ".out")), 0, pieces[0], 0, pieces[1], 0));
        var (_, error) = await RenderAsync(["l1", "l2"], new LogOptions(), format);
        Assert.Equal(File.ReadAllText(Golden(golden + ".err")), error);
    }

    private static bool IsInterleaving(string text, int at, List<string> a, int i, List<string> b, int j)
    {
        if (i == a.Count && j == b.Count)
        {
            return at == text.Length;
        }

        return (i < a.Count && string.CompareOrdinal(text, at, a[i], 0, a[i].Length) == 0 && IsInterleaving(text, at + a[i].Length, a, i + 1, b, j))
            || (j < b.Count && string.CompareOrdinal(text, at, b[j], 0, b[j].Length) == 0 && IsInterleaving(text, at + b[j].Length, a, i, b, j + 1));
    }
}

using System.Diagnostics;
using Berth.TestSupport;

namespace Berth.E2E.Tests;

/// <summary>
/// pull's progress on a terminal: the built binary runs under a pseudo-terminal (util-linux <c>script</c>, with
/// <c>stty</c> setting a known width), and what the terminal received is checked for podman's live bar shape.
/// </summary>
public sealed class PullProgressTests : IAsyncLifetime, IDisposable
{
    private readonly TempDir _dir = new();
    private RegistryFixture _registry = null!;
    private TestImage _image = null!;

    public async Task InitializeAsync()
    {
        _registry = await RegistryFixture.StartAsync();
        _image = TestImageBuilder.Busybox()
            .Layer(l => l.File("data/random", RandomBytes(3 << 20)))
            .Build();
        await _image.PushRawAsync(_registry, "test/progress", "latest");
    }

    public async Task DisposeAsync() => await _registry.DisposeAsync();

    public void Dispose() => _dir.Dispose();

    private static byte[] RandomBytes(int count)
    {
        var bytes = new byte[count];
        new Random(7).NextBytes(bytes);
        return bytes;
    }

    private string Ref => $"{_registry.Host}/test/progress:latest";

    private string Id => _image.Config.Descriptor.Digest.Encoded;

    /// <summary>Runs berth with stdin, stdout and stderr on a 200-column pseudo-terminal; returns the exit code and what the terminal showed.</summary>
    private (int ExitCode, string Screen) RunOnTerminal(params string[] args)
    {
        var command = string.Join(' ', new[] { BerthRunner.Binary, "--root", _dir.Path + "/root", "--runroot", _dir.Path + "/run" }.Concat(args).Select(Quote));
        var start = new ProcessStartInfo("script")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var a in (string[])["-qfec", $"stty cols 200 rows 50; exec {command}", "/dev/null"])
        {
            start.ArgumentList.Add(a);
        }

        using var p = Process.Start(start)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(60_000))
        {
            p.Kill(true);
            throw new TimeoutException("berth under script did not finish in 60 s");
        }

        Assert.Equal("", stderr.Result);
        // .NET's console streams switch a terminal to keypad mode (ESC [?1h ESC =) on their first write; not progress output.
        var screen = stdout.Result.Replace("\r\n", "\n", StringComparison.Ordinal).Replace("\e[?1h\e=", "", StringComparison.Ordinal);
        return (p.ExitCode, screen);
    }

    private static string Quote(string s) => "'" + s.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    [Fact]
    public void Pull_OnTerminal_DrawsLiveBarsThenDoneLines()
    {
        var (exit, screen) = RunOnTerminal("pull", "--tls-verify=false", Ref);
        Assert.True(exit == 0, screen);
        var shortDigests = _image.Layers.Select(l => l.Descriptor.Digest.Encoded[..12]).ToList();
        foreach (var (layer, hex) in _image.Layers.Zip(shortDigests))
        {
            // Drawn as a 40-cell bar with counters as soon as the download starts, finished as podman's "done   |".
            Assert.Matches($@"Copying blob {hex} \[[=>-]{{38}}\] \d+\.\d(b|KiB|MiB) / {ProgressSize(layer.Descriptor.Size)} \| \d+\.\d (b|KiB|MiB|GiB)/s\e\[K\n", screen);
            Assert.Contains($"Copying blob {hex} done   | \e[K\n", screen, StringComparison.Ordinal);
        }

        Assert.Contains("\e[1A\r", screen, StringComparison.Ordinal);
        Assert.DoesNotContain("Copying blob sha256:", screen, StringComparison.Ordinal);
        Assert.Matches($"Trying to pull {Ref}...\nGetting image source signatures\n", screen);
        Assert.EndsWith($"done   | \e[K\nCopying config {Id[..10]} done   | \nWriting manifest to image destination\nStoring signatures\n{Id}\n", screen, StringComparison.Ordinal);
    }

    [Fact]
    public void Pull_QuietOnTerminal_PrintsOnlyTheId()
    {
        var (exit, screen) = RunOnTerminal("pull", "-q", "--tls-verify=false", Ref);
        Assert.Equal(0, exit);
        Assert.Equal(Id + "\n", screen);
    }

    [Fact]
    public void Pull_SecondTimeOnTerminal_ReportsSkippedBlobs()
    {
        Assert.Equal(0, RunOnTerminal("pull", "-q", "--tls-verify=false", Ref).ExitCode);
        Assert.Equal(0, BerthRunner.Run("--root", _dir.Path + "/root", "--runroot", _dir.Path + "/run", "untag", Ref).ExitCode);
        var (exit, screen) = RunOnTerminal("pull", "--tls-verify=false", Ref);
        Assert.True(exit == 0, screen);
        foreach (var layer in _image.Layers)
        {
            Assert.Contains($"Copying blob {layer.Descriptor.Digest.Encoded[..12]} skipped: already exists  \e[K\n", screen, StringComparison.Ordinal);
        }

        Assert.DoesNotContain(" [", screen, StringComparison.Ordinal);
    }

    /// <summary>The total as the bar prints it (mpb's binary units, one decimal).</summary>
    private static string ProgressSize(long bytes) => bytes switch
    {
        < 1024 => $"{bytes}.0b",
        < 1 << 20 => FormattableString.Invariant($"{bytes / 1024.0:0.0}KiB"),
        _ => FormattableString.Invariant($"{bytes / 1048576.0:0.0}MiB"),
    };
}

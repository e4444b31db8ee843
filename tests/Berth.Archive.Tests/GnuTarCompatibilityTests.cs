using System.Diagnostics;
using Berth.Oci;

namespace Berth.Archive.Tests;

/// <summary>Both directions against GNU tar (part of Debian's essential set): its archives apply, ours extract.</summary>
public class GnuTarCompatibilityTests
{
    [Theory]
    [InlineData("posix")]
    [InlineData("gnu")]
    public async Task ApplyAsync_ArchiveFromGnuTar_GivesIdenticalTree(string format)
    {
        using var box = new Sandbox();
        var source = Path.Combine(box.Root, "source");
        LayerWriterTests.BuildRichTree(source);
        var tarFile = Path.Combine(box.Root, "layer.tar");
        // GNU format cannot carry extended attributes; posix (PAX) can.
        var xattrs = format == "posix" ? "--xattrs --xattrs-include=* " : "";
        await RunTarAsync($"{xattrs}--format={format} -cf {tarFile} -C {source} .");

        await using (var layer = File.OpenRead(tarFile))
        {
            await LayerApplier.ApplyAsync(layer, LayerCompression.None, box.Target, LayerApplyOptions.Default, CancellationToken.None);
        }

        var expected = TreeSnapshot.Of(source);
        var actual = TreeSnapshot.Of(box.Target);
        Assert.Equal(format == "posix" ? expected : StripXattrs(expected), actual);
    }

    [Fact]
    public async Task WriteDirectoryAsync_ExtractedByGnuTar_GivesIdenticalTree()
    {
        using var box = new Sandbox();
        var source = Path.Combine(box.Root, "source");
        LayerWriterTests.BuildRichTree(source);
        var tarFile = Path.Combine(box.Root, "layer.tar");
        await using (var output = File.Create(tarFile))
        {
            await LayerWriter.WriteDirectoryAsync(source, output, LayerCompression.None, CancellationToken.None);
        }

        await RunTarAsync($"--xattrs --xattrs-include=* --same-owner -xpf {tarFile} -C {box.Target}");

        Assert.Equal(TreeSnapshot.Of(source), TreeSnapshot.Of(box.Target));
    }

    private static string StripXattrs(string snapshot) =>
        string.Join('\n', snapshot.Split('\n').Select(line => string.Join(' ', line.Split(' ').Where(w => !w.Contains('=', StringComparison.Ordinal) || w.StartsWith("mtime=", StringComparison.Ordinal) || w.StartsWith("size=", StringComparison.Ordinal) || w.StartsWith("sha=", StringComparison.Ordinal) || w.StartsWith("dev=", StringComparison.Ordinal) || w.StartsWith("hardlink-of=", StringComparison.Ordinal)))));

    private static async Task RunTarAsync(string arguments)
    {
        var start = new ProcessStartInfo("tar", arguments) { RedirectStandardError = true, RedirectStandardOutput = true };
        using var process = Process.Start(start)!;
        var stderr = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"tar {arguments} failed: {stderr}");
    }
}

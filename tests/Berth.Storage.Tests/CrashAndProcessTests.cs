using Berth.Storage.Layers;

namespace Berth.Storage.Tests;

/// <summary>
/// Other processes: two processes creating one layer, and processes killed with SIGKILL in the middle of a change,
/// after which the next open must find the old state or the new one and no leftovers.
/// </summary>
public sealed class CrashAndProcessTests : IDisposable
{
    private const int KilledBySigkill = 137;
    private readonly TempRoot root = new();

    public void Dispose() => root.Dispose();

    [Theory]
    [InlineData("overlay")]
    [InlineData("vfs")]
    public async Task CreateAsync_SameLayerInTwoProcesses_PopulatesOnce(string driver)
    {
        using (root.Open(driver))
        {
            // The store exists (and its driver is probed) before the race starts.
        }

        var marker = Path.Combine(root.Path, "populate-calls");
        var results = await Task.WhenAll(
            Helper.RunAsync("create-layer", root.GraphRoot, driver, marker),
            Helper.RunAsync("create-layer", root.GraphRoot, driver, marker));

        Assert.All(results, r => Assert.True(r.ExitCode == 0, r.Output));
        Assert.Single(File.ReadAllLines(marker));
        using var store = root.Open(driver);
        Assert.Single(store.Layers.List());
    }

    [Theory]
    [InlineData(FaultInjection.BlobWritten, "overlay")]
    [InlineData(FaultInjection.LayerPopulated, "overlay")]
    [InlineData(FaultInjection.LayerRenamed, "overlay")]
    [InlineData(FaultInjection.LayerRenamed, "vfs")]
    [InlineData(FaultInjection.LayerRemoveCommitted, "overlay")]
    public async Task Open_AfterKillAtFaultPoint_LeavesOldOrNewStateAndNoLeftovers(string point, string driver)
    {
        using (root.Open(driver))
        {
        }

        var (exitCode, output) = await Helper.RunAsync("crash-at", root.GraphRoot, driver, point);
        Assert.True(exitCode == KilledBySigkill, $"exit {exitCode}: {output}");

        using var store = root.Open(driver);
        Assert.Empty(root.StagingLeftovers());
        Assert.Empty(store.Layers.List());
        var layerDirs = Directory.GetFileSystemEntries(store.Layout.DriverDirectory(driver))
            .Select(Path.GetFileName)
            .Where(n => n is not ("l" or "empty"));
        Assert.Empty(layerDirs);
        var linkDir = Path.Combine(store.Layout.DriverDirectory(driver), "l");
        Assert.True(!Directory.Exists(linkDir) || Directory.GetFileSystemEntries(linkDir).Length == 0);

        // The interrupted work can be done again.
        var diffId = Changes.DiffId("crash");
        var calls = 0;
        var layer = await store.Layers.CreateAsync(diffId, null, diffId, Changes.Populate([new AddFile("/f", "x")], () => calls++), CancellationToken.None);
        Assert.Equal(1, calls);
        Assert.True(File.Exists(Path.Combine(layer.Directory, "f")));
    }

    [Fact]
    public async Task Open_WhileTheStoreIsInUse_RemovesTheLayerAKilledProcessLeftUncommitted()
    {
        // Held open throughout: no later open is idle, so none collects garbage; the open itself must clean up.
        using var holder = root.Open("overlay");
        var (exitCode, output) = await Helper.RunAsync("crash-at", root.GraphRoot, "overlay", FaultInjection.LayerRenamed);
        Assert.True(exitCode == KilledBySigkill, $"exit {exitCode}: {output}");
        Assert.NotEmpty(LayerDirectories(holder, "overlay"));

        using var store = root.Open("overlay");
        Assert.Empty(LayerDirectories(store, "overlay"));
        Assert.Empty(store.Layers.List());
    }

    [Fact]
    public void Open_LooksForUncommittedLayerDirectoriesOncePerBoot_AndAfterADeadSession()
    {
        string planted;
        using (var first = root.Open("vfs"))
        {
            // The first open of this boot looked already; what appears afterwards is not looked for while nobody died.
            planted = Path.Combine(first.Layout.DriverDirectory("vfs"), new string('a', 64));
        }

        Directory.CreateDirectory(planted);
        using (root.Open("vfs"))
        {
        }

        Assert.True(Directory.Exists(planted));

        // A new boot (the run root emptied): the next open looks again.
        foreach (var mark in Directory.GetFiles(Path.Combine(root.Path, "run"), "storage-walked-*"))
        {
            File.Delete(mark);
        }

        using (root.Open("vfs"))
        {
        }

        Assert.False(Directory.Exists(planted));
    }

    private static IEnumerable<string?> LayerDirectories(Store store, string driver) =>
        Directory.GetFileSystemEntries(store.Layout.DriverDirectory(driver)).Select(Path.GetFileName).Where(n => n is not ("l" or "empty"));

    [Fact]
    public async Task Open_AfterKillMidBlobWrite_RemovesPartialFile()
    {
        using (root.Open("vfs"))
        {
        }

        await KillWhenReadyAsync("hang-mid-write", "vfs");

        Assert.NotEmpty(root.StagingLeftovers());
        using var store = root.Open("vfs");
        Assert.Empty(root.StagingLeftovers());
        Assert.Empty(store.Content.Walk());
    }

    [Fact]
    public async Task Open_AfterKillMidPopulate_RemovesStagedLayer()
    {
        using (root.Open("overlay"))
        {
        }

        await KillWhenReadyAsync("hang-mid-populate", "overlay");

        using var store = root.Open("overlay");
        Assert.Empty(root.StagingLeftovers());
        Assert.Empty(store.Layers.List());
    }

    [Fact]
    public async Task Open_WhileAnotherProcessIsMidWrite_KeepsItsStaging()
    {
        using (root.Open("vfs"))
        {
        }

        using var writer = Helper.Start("hang-mid-write", root.GraphRoot, "vfs");
        try
        {
            Assert.Equal("ready", await writer.StandardOutput.ReadLineAsync());

            using var store = root.Open("vfs");

            Assert.NotEmpty(root.StagingLeftovers());
        }
        finally
        {
            writer.Kill();
            await writer.WaitForExitAsync();
        }
    }

    [Fact]
    public async Task Open_AfterProcessDiedBeforeAddingImage_CollectsItsLayerAndBlob()
    {
        using (var store = root.Open("overlay"))
        {
            var kept = await store.Content.WriteBytesAsync("kept"u8.ToArray(), CancellationToken.None);
            var diffId = Changes.DiffId("kept");
            var layer = await store.Layers.CreateAsync(diffId, null, diffId, Changes.Populate([new AddFile("/k", "k")]), CancellationToken.None);
            store.Images.Add(ImageStoreTests.NewImage("kept", [layer.ChainId]) with { Blobs = [kept.Digest] });
        }

        var (exitCode, output) = await Helper.RunAsync("orphan-layer", root.GraphRoot, "overlay");
        Assert.True(exitCode == KilledBySigkill, $"exit {exitCode}: {output}");

        using var reopened = root.Open("overlay");
        Assert.Equal([Changes.DiffId("kept")], reopened.Layers.List().Select(l => l.ChainId));
        Assert.Equal([Oci.Digest.Compute("kept"u8)], reopened.Content.Walk().Select(c => c.Digest));
        Assert.False(reopened.Content.Exists(Oci.Digest.Compute("orphan blob"u8)));
        Assert.True(reopened.Content.Exists(Oci.Digest.Compute("kept"u8)));
    }

    private async Task KillWhenReadyAsync(string verb, string driver)
    {
        using var process = Helper.Start(verb, root.GraphRoot, driver);
        var line = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal("ready", line);
        process.Kill();
        await process.WaitForExitAsync();
    }
}

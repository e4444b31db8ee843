using Berth.Oci;
using Berth.Storage.Layers;

namespace Berth.Storage.Tests;

/// <summary>containers/storage's NamesHistory as podman 4.3 shows it (system test 010-images "history output").</summary>
public sealed class NamesHistoryTests : IDisposable
{
    private readonly TempRoot root = new();
    private readonly Store store;

    public NamesHistoryTests()
    {
        store = root.Open("vfs");
    }

    public void Dispose()
    {
        store.Dispose();
        root.Dispose();
    }

    private async Task<IReadOnlyList<Digest>> LayerAsync()
    {
        var diffId = Changes.DiffId("a");
        var layer = await store.Layers.CreateAsync(ChainId.Compute(null, diffId), null, diffId, Changes.Populate([new AddFile("/a", "a")]), CancellationToken.None);
        return [layer.ChainId];
    }

    [Fact]
    public async Task TagAndUntag_KeepRemovedNamesInPodmansOrder()
    {
        var image = store.Images.Add(ImageStoreTests.NewImage("cfg", await LayerAsync(), "localhost/my:latest"));
        Assert.Equal(["localhost/my:latest"], image.NamesHistory);

        // podman 4.3's golden corpus: after "tag demo:1.0 demo:latest" the history is "demo:latest, demo:1.0".
        Assert.Equal(["localhost/r1:latest", "localhost/my:latest"], store.Images.Tag(image.Id, "localhost/r1:latest").NamesHistory);
        Assert.Equal(["localhost/my:latest", "localhost/r1:latest"], store.Images.Untag(image.Id, "localhost/r1:latest").NamesHistory);
        store.Images.Tag(image.Id, "localhost/r2:latest");
        var after = store.Images.Untag(image.Id, "localhost/r2:latest");

        Assert.Equal(["localhost/my:latest", "localhost/r2:latest", "localhost/r1:latest"], after.NamesHistory);
        Assert.Equal(["localhost/my:latest"], after.Names);
    }

    [Fact]
    public async Task Add_NewNameForExistingImage_FollowsAddNamesOrder()
    {
        var layers = await LayerAsync();
        store.Images.Add(ImageStoreTests.NewImage("cfg", layers, "localhost/x:1"));

        var again = store.Images.Add(ImageStoreTests.NewImage("cfg", layers, "localhost/x:2"));

        // containers/image's AddNames puts x:2 before x:1, and each name then moves to the front in that order.
        Assert.Equal(["localhost/x:1", "localhost/x:2"], again.NamesHistory);
    }

    [Fact]
    public async Task NameMovedToAnotherImage_StaysInTheOldImagesHistory()
    {
        var layers = await LayerAsync();
        var old = store.Images.Add(ImageStoreTests.NewImage("old", layers, "localhost/app:latest"));

        var fresh = store.Images.Add(ImageStoreTests.NewImage("new", layers, "localhost/app:latest"));

        var reloaded = store.Images.Get(old.Id)!;
        Assert.Empty(reloaded.Names);
        Assert.Equal(["localhost/app:latest"], reloaded.NamesHistory);
        Assert.Equal(["localhost/app:latest"], fresh.NamesHistory);
    }

    [Fact]
    public async Task UntagEverything_HistoryRemainsUntilTheImageIsRemoved()
    {
        var image = store.Images.Add(ImageStoreTests.NewImage("cfg", await LayerAsync(), "localhost/a:1", "localhost/a:2"));

        store.Images.Untag(image.Id, "localhost/a:1");
        var bare = store.Images.Untag(image.Id, "localhost/a:2");

        Assert.Empty(bare.Names);
        Assert.Equal(["localhost/a:2", "localhost/a:1"], bare.NamesHistory);
        store.Images.Remove(image.Id);
        Assert.Null(store.Images.Get(image.Id));
    }
}

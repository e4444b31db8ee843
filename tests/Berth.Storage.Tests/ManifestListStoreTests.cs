using Berth.Oci;
using Berth.Storage.Images;

namespace Berth.Storage.Tests;

/// <summary>Manifest lists as image rows (migration 7): random IDs, names shared with images, the index blob swapped in one transaction.</summary>
public sealed class ManifestListStoreTests : IDisposable
{
    private readonly TempRoot root = new();
    private readonly Store store;

    public ManifestListStoreTests()
    {
        store = root.Open("vfs");
    }

    public void Dispose()
    {
        store.Dispose();
        root.Dispose();
    }

    private static Descriptor Index(string content) => new()
    {
        MediaType = MediaTypes.DockerManifestList,
        Digest = Digest.Compute(System.Text.Encoding.UTF8.GetBytes(content)),
        Size = content.Length,
    };

    [Fact]
    public void AddManifestList_StoresAListImage_UnderItsName()
    {
        var index = Index("first");
        var instance = Digest.Compute("instance"u8);
        var list = store.Images.AddManifestList("localhost/list:latest", index, new Dictionary<Digest, string> { [instance] = "docker://example.com/a:1" });

        Assert.Matches("^[0-9a-f]{64}$", list.Id);
        Assert.True(list.IsManifestList);
        Assert.Equal(index.Digest, list.ManifestDigest);
        Assert.Equal(index.Size, list.Size);
        Assert.Empty(list.Layers);
        Assert.Equal([index.Digest], list.Blobs);
        Assert.Equal(list.Id, store.Images.GetByName("localhost/list:latest")!.Id);
        Assert.Equal("docker://example.com/a:1", store.Images.ManifestListSources(list.Id)[instance]);
    }

    [Fact]
    public void AddManifestList_NameInUse_IsRefusedWithTheHoldersId()
    {
        var image = store.Images.Add(ImageStoreTests.NewImage("cfg", [], "localhost/taken:latest"));
        var e = Assert.Throws<BerthException>(() => store.Images.AddManifestList("localhost/taken:latest", Index("x"), new Dictionary<Digest, string>()));
        Assert.Equal(ErrorKind.AlreadyExists, e.Kind);
        Assert.Equal($"image name \"localhost/taken:latest\" is already associated with image \"{image.Id}\": that name is already in use", e.Message);
        Assert.Single(store.Images.List());
    }

    [Fact]
    public void UpdateManifestList_SwapsTheIndexAndSources_AndFreesTheOldBlob()
    {
        var first = Index("first");
        var list = store.Images.AddManifestList("localhost/list:latest", first, new Dictionary<Digest, string> { [Digest.Compute("a"u8)] = "containers-storage:abc" });
        var second = Index("second, longer");
        var updated = store.Images.UpdateManifestList(list.Id, second, new Dictionary<Digest, string> { [Digest.Compute("b"u8)] = "docker://example.com/b:1" });

        Assert.Equal(second.Digest, updated.ManifestDigest);
        Assert.Equal(second.Size, updated.Size);
        Assert.Equal([second.Digest], updated.Blobs);
        Assert.Contains(first.Digest, store.Images.UnownedBlobs([first.Digest]));
        Assert.Equal([Digest.Compute("b"u8)], store.Images.ManifestListSources(list.Id).Keys);
    }

    [Fact]
    public void RemovingTheList_DropsItsSources()
    {
        var list = store.Images.AddManifestList("localhost/list:latest", Index("x"), new Dictionary<Digest, string> { [Digest.Compute("a"u8)] = "containers-storage:abc" });
        Assert.Empty(store.Images.Remove(list.Id));
        Assert.Empty(store.Images.ManifestListSources(list.Id));
        Assert.Null(store.Images.GetByName("localhost/list:latest"));
    }
}

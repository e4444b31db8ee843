using Berth.Engine.Images;
using Berth.Oci;

namespace Berth.Engine.Tests;

/// <summary>libimage's parent/child test that decides whether an untagged image is dangling or intermediate.</summary>
public class ImagePrunerTests
{
    private static readonly DateTimeOffset T0 = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static Digest Diff(string name) => Digest.Compute(System.Text.Encoding.ASCII.GetBytes(name));

    private static LocalImage Image(string id, string[] layers, params string[] history) => new()
    {
        Id = id.PadRight(64, '0'),
        ManifestDigest = Diff("manifest " + id),
        ManifestMediaType = MediaTypes.OciManifest,
        Names = [],
        Digests = [],
        NamesHistory = [],
        Config = new ImageConfiguration
        {
            Architecture = "amd64",
            OS = "linux",
            RootFs = new RootFs { Type = "layers", DiffIds = layers.Select(Diff).ToList() },
            History = history.Select(h => new HistoryEntry { Created = T0, CreatedBy = h }).ToList(),
        },
        Size = 1,
        Created = T0,
        StorageDriver = "vfs",
    };

    [Fact]
    public void HasChild_OneMoreLayerAndHistoryEntry_IsParent()
    {
        var parent = Image("aa", ["l1"], "FROM scratch");
        var child = Image("bb", ["l1", "l2"], "FROM scratch", "RUN x");

        Assert.True(ImagePruner.HasChild(parent, [parent, child]));
        Assert.False(ImagePruner.HasChild(child, [parent, child]));
    }

    [Fact]
    public void HasChild_EmptyLayerStepOnSameLayers_IsParent()
    {
        var parent = Image("aa", ["l1"], "FROM scratch");
        var labelled = Image("bb", ["l1"], "FROM scratch", "LABEL a=b");

        Assert.True(ImagePruner.HasChild(parent, [labelled]));
    }

    [Fact]
    public void HasChild_DifferentHistoryOrLayersOrTwoStepsAway_IsNotParent()
    {
        var parent = Image("aa", ["l1"], "FROM scratch");

        Assert.False(ImagePruner.HasChild(parent, [Image("bb", ["l1", "l2"], "FROM other", "RUN x")]));
        Assert.False(ImagePruner.HasChild(parent, [Image("cc", ["l9", "l2"], "FROM scratch", "RUN x")]));
        Assert.False(ImagePruner.HasChild(parent, [Image("dd", ["l1", "l2", "l3"], "FROM scratch", "RUN x", "RUN y")]));
    }
}

using Berth.Cli.CommandLine;
using Berth.Cli.Personalities;
using Berth.Engine.Manifests;
using Berth.Oci;

namespace Berth.Cli.Tests.Manifests;

/// <summary>
/// The manifest commands against podman 4.3.1 and buildah 1.28: help byte for byte (<c>Golden/manifests/record.sh</c>)
/// and <c>manifest inspect</c> of the lists podman made (<c>record-output.sh</c>), rebuilt from the entries podman listed.
/// </summary>
public sealed class ManifestGoldenTests
{
    private static readonly CommandSpec BuildahRoot = BuildahTree.Create("buildah");

    public static TheoryData<string> HelpFiles() => HelpGoldens.Files("manifests");

    public static TheoryData<string> BuildahHelpFiles()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(HelpGoldens.Directory("manifests"), "buildah-*-help.txt").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(file));
        }

        return data;
    }

    private static string Out(string name) => File.ReadAllText(Path.Combine(HelpGoldens.Directory("manifests"), "out", name));

    private static Digest RecordedDigest => Digest.Parse(Out("digest.txt").Trim());

    private static Descriptor RecordedEntry => new()
    {
        MediaType = MediaTypes.OciManifest,
        Size = 343,
        Digest = RecordedDigest,
        Platform = new DescriptorPlatform { Architecture = "amd64", OS = "linux" },
    };

    [Fact]
    public void GoldenFolder_HoldsEveryRecordedCommand()
    {
        Assert.Equal(9, HelpFiles().Count);
        Assert.Equal(9, BuildahHelpFiles().Count);
    }

    [Theory]
    [MemberData(nameof(HelpFiles))]
    public void Help_MatchesPodman(string file)
    {
        var (expected, actual) = HelpGoldens.Compare("manifests", file);
        Assert.Equal(expected, actual);
    }

    [Theory]
    [MemberData(nameof(BuildahHelpFiles))]
    public void Help_MatchesBuildah(string file)
    {
        var command = BuildahRoot;
        foreach (var word in file["buildah-".Length..^"-help.txt".Length].Split('-'))
        {
            command = command.FindSubcommand(word) ?? throw new InvalidOperationException($"no buildah command {word}");
        }

        Assert.Equal(File.ReadAllText(Path.Combine(HelpGoldens.Directory("manifests"), file)), HelpWriter.Render(command));
    }

    [Fact]
    public void Inspect_EmptyList_PrintsNullManifests() =>
        Assert.Equal(Out("inspect-empty.stdout"), ManifestListDocument.Inspect(ManifestListDocument.Empty));

    [Fact]
    public void Inspect_OneImage_MatchesPodman() =>
        Assert.Equal(Out("inspect-one.stdout"), ManifestListDocument.Inspect(ManifestListDocument.Merge(ManifestListDocument.Empty, [RecordedEntry])));

    [Fact]
    public void Inspect_Annotated_MatchesPodman()
    {
        var overrides = new ManifestEntryOverrides
        {
            Architecture = "arm64",
            Os = "freebsd",
            Variant = "v8",
            OsVersion = "1.2",
            Annotations = ManifestEntryOverrides.ParseAnnotations(["c=d", "a=b"]),
        };
        var index = ManifestListDocument.Merge(ManifestListDocument.Empty, [ManifestListDocument.Apply(RecordedEntry, overrides)]);
        Assert.Equal(Out("inspect-annotated.stdout"), ManifestListDocument.Inspect(index));
    }

    [Fact]
    public void Inspect_AfterRemovingTheLastEntry_PrintsNullAsPodman() =>
        Assert.Equal(Out("inspect-removed.stdout"), ManifestListDocument.Inspect(ManifestListDocument.Empty with { Manifests = [] }));

    [Fact]
    public void Merge_SameDigest_ReplacesTheEntryInPlace()
    {
        var other = RecordedEntry with { Digest = Digest.Compute("x"u8.ToArray()) };
        var index = ManifestListDocument.Merge(ManifestListDocument.Empty, [RecordedEntry, other]);
        var replaced = ManifestListDocument.Merge(index, [RecordedEntry with { Platform = new DescriptorPlatform { Architecture = "s390x", OS = "linux" } }]);
        Assert.Equal([RecordedDigest, other.Digest], replaced.Manifests.Select(m => m.Digest));
        Assert.Equal("s390x", replaced.Manifests[0].Platform!.Architecture);
    }

    [Fact]
    public void ParseAnnotations_WithoutValue_IsPodmansError()
    {
        var e = Assert.Throws<BerthException>(() => ManifestEntryOverrides.ParseAnnotations(["bad"]));
        Assert.Equal("no value given for annotation \"bad\"", e.Message);
    }

    [Fact]
    public void ForPush_OciImagesOrAnnotations_GiveAnOciIndex_ElseADockerList()
    {
        var oci = ManifestListDocument.Merge(ManifestListDocument.Empty, [RecordedEntry]);
        Assert.Equal(MediaTypes.OciIndex, ManifestListDocument.ForPush(oci, null).MediaType);
        var docker = ManifestListDocument.Merge(ManifestListDocument.Empty, [RecordedEntry with { MediaType = MediaTypes.DockerManifest }]);
        Assert.Equal(MediaTypes.DockerManifestList, ManifestListDocument.ForPush(docker, null).MediaType);
        var annotated = ManifestListDocument.Merge(ManifestListDocument.Empty, [RecordedEntry with { MediaType = MediaTypes.DockerManifest, Annotations = new Dictionary<string, string> { ["a"] = "b" } }]);
        Assert.Equal(MediaTypes.OciIndex, ManifestListDocument.ForPush(annotated, null).MediaType);
        var forced = ManifestListDocument.ForPush(annotated, MediaTypes.DockerManifest);
        Assert.Equal(MediaTypes.DockerManifestList, forced.MediaType);
        Assert.Null(forced.Manifests[0].Annotations);
    }
}

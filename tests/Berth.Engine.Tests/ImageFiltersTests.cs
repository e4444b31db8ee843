using Berth.Engine.Images;
using Berth.Oci;

namespace Berth.Engine.Tests;

public class ImageFiltersTests
{
    private static LocalImage Image(string id, DateTimeOffset created, IReadOnlyDictionary<string, string>? labels, params string[] names) => new()
    {
        Id = id.PadRight(64, '0'),
        ManifestDigest = Digest.Compute(System.Text.Encoding.ASCII.GetBytes(id)),
        ManifestMediaType = MediaTypes.OciManifest,
        Names = names,
        Digests = [],
        NamesHistory = names,
        Config = new ImageConfiguration
        {
            Architecture = "amd64",
            OS = "linux",
            RootFs = new RootFs { Type = "layers", DiffIds = [] },
            Config = labels is null ? null : new ContainerConfig { Labels = labels },
        },
        Size = 1,
        Created = created,
        StorageDriver = "vfs",
    };

    private static readonly DateTimeOffset T0 = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly LocalImage Busybox = Image("aa", T0, new Dictionary<string, string> { ["a"] = "1" }, "docker.io/library/busybox:latest");
    private static readonly LocalImage App = Image("bb", T0.AddDays(1), null, "localhost/app:1", "quay.io/x/app:2");
    private static readonly LocalImage Dangling = Image("cc", T0.AddDays(2), null);
    private static readonly LocalImage[] All = [Busybox, App, Dangling];

    private static string[] Select(params string[] filters)
    {
        var f = ImageFilters.Parse(filters, name => All.FirstOrDefault(i => i.Names.Any(n => n.Contains(name, StringComparison.Ordinal)))
            ?? throw new BerthException(ErrorKind.NotFound, $"{name}: image not known"));
        return All.Where(f.Matches).Select(i => i.Id[..2]).ToArray();
    }

    [Theory]
    [InlineData("reference=busybox", "aa")]
    [InlineData("reference=docker.io/library/busybox", "aa")]
    [InlineData("reference=localhost/*", "bb")]
    [InlineData("reference=*/x/app:2", "bb")]
    [InlineData("dangling=true", "cc")]
    [InlineData("dangling=false", "aa,bb")]
    [InlineData("label=a", "aa")]
    [InlineData("label=a=2", "")]
    [InlineData("label!=a", "bb,cc")]
    [InlineData("before=app", "aa")]
    [InlineData("since=busybox", "bb,cc")]
    [InlineData("id=bb", "bb")]
    public void Matches_OneFilter_SelectsLikePodman(string filter, string expected) =>
        Assert.Equal(expected, string.Join(',', Select(filter)));

    [Fact]
    public void Matches_TwoReferences_EitherMatches() =>
        Assert.Equal(["aa", "bb"], Select("reference=busybox", "reference=app"));

    [Theory]
    [InlineData("foo=bar", "unsupported image filter \"foo\"")]
    [InlineData("dangling=maybe", "non-boolean value \"dangling\" for maybe filter: strconv.ParseBool: parsing \"maybe\": invalid syntax")]
    [InlineData("label", "invalid image filter \"label\": must be in the format \"filter=value or filter!=value\"")]
    [InlineData("until=abc", "failed to parse value as time or duration: \"abc\"")]
    [InlineData("before=nope", "could not find local image for filter filter \"before\"=\"nope\": nope: image not known")]
    public void Parse_BadFilter_GivesPodmansMessage(string filter, string message) =>
        Assert.Equal(message, Assert.Throws<BerthException>(() => Select(filter)).Message);
}

using Berth.Build.Context;
using Berth.Platform;

namespace Berth.Build.Tests.Context;

/// <summary>
/// What <c>COPY . /ctx</c> puts in the image for each ignore file of Golden/ignore/cases, against podman 4.3.1's
/// recordings (Golden/record.sh): the entries the walk yields plus the parent directories their copy creates.
/// </summary>
public sealed class IgnoreGoldenTests
{
    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(TempTree.Golden("ignore/cases"), "*.ignore").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileNameWithoutExtension(file));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Resolve_CopyDotWithIgnoreFile_GivesPodmansListing(string name)
    {
        using var tree = new TempTree();
        var context = tree.Build(TempTree.Golden("ignore/tree.txt"), "ctx");
        var ignoreFile = TempTree.Golden($"ignore/cases/{name}.ignore");
        var ignore = IgnoreFileLocator.Load(context, ignoreFile, []);
        using var resolver = new SourceResolver(context, ignore);

        var sources = resolver.Resolve(["."]);

        var listing = new SortedDictionary<string, char>(StringComparer.Ordinal);
        foreach (var entry in resolver.Walk(Assert.Single(sources)))
        {
            listing[entry.SourcePath] = entry.Kind switch
            {
                UnixFileKind.Directory => 'd',
                UnixFileKind.SymbolicLink => 'l',
                _ => 'f',
            };
            for (var parent = Path.GetDirectoryName(entry.SourcePath); !string.IsNullOrEmpty(parent); parent = Path.GetDirectoryName(parent))
            {
                listing[parent] = 'd';
            }
        }

        var expected = File.ReadAllLines(TempTree.Golden($"ignore/cases/{name}.expected"));
        Assert.Equal(expected, listing.Select(e => $"{e.Value} {e.Key}").ToArray());
    }
}

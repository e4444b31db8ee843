using Berth.Build.Context;

namespace Berth.Build.Tests.Context;

/// <summary>COPY sources that podman 4.3.1 refuses (Golden/errors): Berth refuses them with podman's text.</summary>
public sealed class SourceErrorGoldenTests
{
    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(TempTree.Golden("errors"), "*.copy").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileNameWithoutExtension(file));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Resolve_RefusedSource_ThrowsPodmansMessage(string name)
    {
        using var tree = new TempTree();
        var context = tree.Build(TempTree.Golden("errors/tree.txt"), "ctx");
        File.Copy(TempTree.Golden("errors/ignore"), Path.Join(context, ".containerignore"));
        var ignore = IgnoreFileLocator.Load(context, null, [Path.Join(context, "Containerfile")]);
        using var resolver = new SourceResolver(context, ignore);
        var copy = File.ReadAllText(TempTree.Golden($"errors/{name}.copy")).Trim();
        var words = copy.Split(' ');

        var error = Assert.Throws<BerthException>(() => resolver.Resolve(words[1..^1]));

        // The executor adds podman's "building at STEP" prefix; the rest is the resolver's.
        var expected = File.ReadAllText(TempTree.Golden($"errors/{name}.expected")).Trim()
            .Replace($"Error: building at STEP \"{copy}\": ", "", StringComparison.Ordinal)
            .Replace("$CTX", context, StringComparison.Ordinal);
        Assert.Equal(expected, error.Message);
        Assert.Equal(ErrorKind.NotFound, error.Kind);
    }
}

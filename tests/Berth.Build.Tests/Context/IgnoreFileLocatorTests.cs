using Berth.Build.Context;

namespace Berth.Build.Tests.Context;

/// <summary>The lookup order recorded with podman 4.3.1: --ignorefile, Containerfile.dockerignore,
/// Containerfile.containerignore, .containerignore, .dockerignore.</summary>
public sealed class IgnoreFileLocatorTests
{
    private static (TempTree Tree, string Context, string Containerfile) AllFour()
    {
        var tree = new TempTree();
        var context = tree.Dir("ctx");
        var containerfile = tree.File("ctx/Containerfile", "FROM scratch\n");
        tree.File("ctx/.containerignore", "a");
        tree.File("ctx/.dockerignore", "b");
        tree.File("ctx/Containerfile.containerignore", "c");
        tree.File("ctx/Containerfile.dockerignore", "d");
        return (tree, context, containerfile);
    }

    [Fact]
    public void Load_AllFourPresent_PrefersContainerfileDotDockerignore()
    {
        var (tree, context, containerfile) = AllFour();
        using (tree)
        {
            var patterns = IgnoreFileLocator.Load(context, null, [containerfile]);
            Assert.Equal(containerfile + ".dockerignore", patterns.SourceFile);
            Assert.True(patterns.IsExcluded("d"));
        }
    }

    [Fact]
    public void Load_LookupOrder_MatchesPodman()
    {
        var (tree, context, containerfile) = AllFour();
        using (tree)
        {
            var seen = new List<string>();
            foreach (var remove in (string[])["Containerfile.dockerignore", "Containerfile.containerignore", ".containerignore", ".dockerignore"])
            {
                var patterns = IgnoreFileLocator.Load(context, null, [containerfile]);
                seen.Add(string.Concat("abcd".Where(c => patterns.IsExcluded(c.ToString()))));
                File.Delete(Path.Join(context, remove));
            }

            Assert.Equal(["d", "c", "a", "b"], seen);
            Assert.Same(IgnorePatterns.None, IgnoreFileLocator.Load(context, null, [containerfile]));
        }
    }

    [Fact]
    public void Load_IgnoreFileOption_WinsOverEveryOther()
    {
        var (tree, context, containerfile) = AllFour();
        using (tree)
        {
            var file = tree.File("elsewhere/ign", "z\n");
            var patterns = IgnoreFileLocator.Load(context, file, [containerfile]);
            Assert.Equal(file, patterns.SourceFile);
            Assert.True(patterns.IsExcluded("z"));
            Assert.False(patterns.IsExcluded("d"));
        }
    }

    [Fact]
    public void Load_MissingIgnoreFileOption_ThrowsNotFound()
    {
        using var tree = new TempTree();
        var error = Assert.Throws<BerthException>(() => IgnoreFileLocator.Load(tree.Root, "nope", [], tree.Root));
        Assert.Equal("open nope: no such file or directory", error.Message);
    }

    [Fact]
    public void Load_RelativeContainerfile_LooksNextToItInsideTheContext()
    {
        using var tree = new TempTree();
        var context = tree.Dir("ctx");
        tree.File("ctx/sub/Containerfile.containerignore", "x");
        var patterns = IgnoreFileLocator.Load(context, null, ["sub/Containerfile"]);
        Assert.True(patterns.IsExcluded("x"));
    }

    [Fact]
    public void Load_ContainerignoreSymlinkLeavingTheContext_IsReadInsideIt()
    {
        using var tree = new TempTree();
        var context = tree.Dir("ctx");
        tree.File("outside", "secret");
        tree.Link("ctx/.containerignore", "../outside");
        tree.File("ctx/.dockerignore", "fromdocker");

        // "../outside" resolves to the context's own /outside, which does not exist: the link leads nowhere.
        var patterns = IgnoreFileLocator.Load(context, null, []);
        Assert.False(patterns.IsExcluded("secret"));
        Assert.True(patterns.IsExcluded("fromdocker"));
    }
}

using Berth.Engine.Images;

namespace Berth.Engine.Tests;

public sealed class EvalSymlinksTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("berth-eval-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void EvalSymlinks_AbsoluteAndRelativeLinksOnThePath_AreResolved()
    {
        var real = Directory.CreateDirectory(Path.Combine(_root, "real", "merged")).FullName;
        File.CreateSymbolicLink(Path.Combine(_root, "abs"), Path.Combine(_root, "real"));
        File.CreateSymbolicLink(Path.Combine(_root, "rel"), "abs");

        Assert.Equal(real, ImageMounter.EvalSymlinks(Path.Combine(_root, "rel", "merged")));
        Assert.Equal(real, ImageMounter.EvalSymlinks(Path.Combine(_root, "abs", "..", "real", "merged")));
        Assert.Equal(real, ImageMounter.EvalSymlinks(real));
    }
}

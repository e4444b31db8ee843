using Berth.Build.Context;
using Berth.Platform;

namespace Berth.Build.Tests.Context;

public sealed class SourceResolverTests : IDisposable
{
    private readonly TempTree _tree = new();
    private readonly string _context;

    public SourceResolverTests()
    {
        _context = _tree.Dir("ctx");
        _tree.File("outside.txt", "secret outside the context");
        _tree.File("ctx/a.txt", "a");
        _tree.File("ctx/b.txt", "b");
        _tree.File("ctx/c.log", "c");
        _tree.File("ctx/sub/x", "x");
        _tree.File("ctx/sub/deeper/y", "y");
        _tree.File("ctx/sub/skip.tmp", "tmp");
    }

    public void Dispose() => _tree.Dispose();

    private SourceResolver Resolver(string ignore = "") => new(_context, IgnorePatterns.Parse(ignore, ignore.Length == 0 ? null : Path.Join(_context, ".containerignore")));

    [Fact]
    public void Resolve_Wildcard_MatchesFilesInOrder()
    {
        using var resolver = Resolver();
        var sources = resolver.Resolve(["*.txt"]);
        Assert.Equal(["a.txt", "b.txt"], sources.Select(s => s.RelativePath));
        Assert.All(sources, s => Assert.True(s.FromWildcard));
        Assert.All(sources, s => Assert.Equal(UnixFileKind.Regular, s.Kind));
        Assert.Equal(Path.Join(_context, "a.txt"), sources[0].HostPath);
    }

    [Fact]
    public void Resolve_SeveralSourcesAndDirectory_KeepsTheirOrder()
    {
        using var resolver = Resolver();
        var sources = resolver.Resolve(["sub", "c.log", "s*/dee*"]);
        Assert.Equal(["sub", "c.log", "sub/deeper"], sources.Select(s => s.RelativePath));
        Assert.True(sources[0].IsDirectory);
        Assert.False(sources[0].FromWildcard);
        Assert.True(sources[2].FromWildcard);
    }

    [Fact]
    public void Resolve_Dot_IsTheContextDirectory()
    {
        using var resolver = Resolver();
        var source = Assert.Single(resolver.Resolve(["."]));
        Assert.Equal("", source.RelativePath);
        Assert.True(source.IsDirectory);
        Assert.Equal(_context, source.HostPath);
    }

    [Fact]
    public void Resolve_WildcardMatchingNothingBesideAnotherSource_IsDropped()
    {
        using var resolver = Resolver();
        var source = Assert.Single(resolver.Resolve(["*.none", "a.txt"]));
        Assert.Equal("a.txt", source.RelativePath);
    }

    [Fact]
    public void Resolve_DotDotAndAbsolute_StayInsideTheContext()
    {
        using var resolver = Resolver();
        var sources = resolver.Resolve(["../a.txt", "/b.txt", "sub/../../../c.log"]);
        Assert.Equal(["a.txt", "b.txt", "c.log"], sources.Select(s => s.RelativePath));
        Assert.All(sources, s => Assert.StartsWith(_context + "/", s.HostPath, StringComparison.Ordinal));
    }

    [Fact]
    public void Resolve_DotDotToAFileOnlyOutside_IsNotFoundAndNeverReadsOutside()
    {
        using var resolver = Resolver();
        var error = Assert.Throws<BerthException>(() => resolver.Resolve(["../outside.txt"]));
        Assert.Equal($"checking on sources under \"{_context}\": possible escaping context directory error: copier: stat: \"/outside.txt\": no such file or directory", error.Message);
    }

    [Theory]
    [InlineData("../outside.txt")]
    [InlineData("/etc/passwd")]
    [InlineData("sub/../../../outside.txt")]
    public void Resolve_SymlinkPointingOutside_ThrowsClearError(string target)
    {
        _tree.Link("ctx/link", target);
        using var resolver = Resolver();
        var error = Assert.Throws<BerthException>(() => resolver.Resolve(["link"]));
        Assert.Equal(ErrorKind.NotFound, error.Kind);
        Assert.Contains($"symbolic link \"link\" points to \"{target}\", which does not exist inside the build context", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_AbsoluteSymlink_ResolvesInsideTheContextAsPodmanDoes()
    {
        _tree.Link("ctx/link", "/sub/x");
        _tree.Link("ctx/up", "../../..");
        using var resolver = Resolver();
        var sources = resolver.Resolve(["link", "up"]);
        Assert.Equal("link", sources[0].Name);
        Assert.Equal("sub/x", sources[0].ResolvedPath);
        Assert.True(sources[0].IsSymbolicLink);
        Assert.Equal("", sources[1].ResolvedPath);
        Assert.True(sources[1].IsDirectory);
    }

    [Fact]
    public void Resolve_SymlinkedDirectoryOnTheWay_IsFollowedInside()
    {
        _tree.Link("ctx/dirlink", "/sub");
        using var resolver = Resolver();
        var source = Assert.Single(resolver.Resolve(["dirlink/x"]));
        Assert.Equal("dirlink/x", source.RelativePath);
        Assert.Equal("sub/x", source.ResolvedPath);
        Assert.Equal(Path.Join(_context, "sub/x"), source.HostPath);
    }

    [Fact]
    public void Resolve_WildcardWithIgnoredMatches_SkipsThem()
    {
        using var resolver = Resolver("b.txt");
        Assert.Equal(["a.txt"], resolver.Resolve(["*.txt"]).Select(s => s.RelativePath));
    }

    [Fact]
    public void Resolve_SymlinkToIgnoredFile_IsRefused()
    {
        _tree.Link("ctx/tolog", "c.log");
        using var resolver = Resolver("*.log");
        var error = Assert.Throws<BerthException>(() => resolver.Resolve(["tolog"]));
        Assert.Contains("which is excluded by", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_IgnoredDirectoryWithExceptionBelow_IsCopiedAnyway()
    {
        using var resolver = Resolver("sub\n!sub/x");
        var source = Assert.Single(resolver.Resolve(["sub"]));
        Assert.Equal(["x"], resolver.Walk(source).Select(e => e.SourcePath));
    }

    [Fact]
    public void Walk_Directory_SkipsIgnoredEntriesAndKeepsSymlinks()
    {
        _tree.Link("ctx/sub/link", "/etc/passwd");
        using var resolver = Resolver("sub/*.tmp\nsub/deeper");
        var source = Assert.Single(resolver.Resolve(["sub"]));
        var entries = resolver.Walk(source).ToList();
        Assert.Equal(["link", "x"], entries.Select(e => e.SourcePath));
        Assert.Equal(UnixFileKind.SymbolicLink, entries[0].Kind);
        Assert.Equal("/etc/passwd", entries[0].LinkTarget);
        Assert.Equal("sub/x", entries[1].RelativePath);
        using var reader = new StreamReader(entries[1].OpenContent());
        Assert.Equal("x", reader.ReadToEnd());
    }

    [Fact]
    public void Walk_FollowedSymlinkSource_YieldsTheTargetUnderTheLinksName()
    {
        _tree.Link("ctx/alias", "a.txt");
        using var resolver = Resolver();
        var entry = Assert.Single(resolver.Walk(Assert.Single(resolver.Resolve(["alias"]))));
        Assert.Equal("alias", entry.SourcePath);
        Assert.Equal("a.txt", entry.RelativePath);
        Assert.Equal(UnixFileKind.Regular, entry.Kind);
        using var reader = new StreamReader(entry.OpenContent());
        Assert.Equal("a", reader.ReadToEnd());
    }

    [Fact]
    public void Walk_DirectorySymlinkInside_IsNotFollowed()
    {
        _tree.Link("ctx/sub/escape", "/");
        using var resolver = Resolver();
        var paths = resolver.Walk(Assert.Single(resolver.Resolve(["sub"]))).Select(e => e.SourcePath).ToList();
        Assert.Contains("escape", paths);
        Assert.DoesNotContain(paths, p => p.StartsWith("escape/", StringComparison.Ordinal));
    }
}

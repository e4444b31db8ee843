using Berth.Build.Copy;
using Berth.Platform;

namespace Berth.Build.Tests.Copy;

/// <summary>Flags and source kinds beyond the golden recording: heredocs, --parents, --exclude, ignore files, --from, xattrs.</summary>
public sealed class CopyOptionsTests : IDisposable
{
    private readonly CopySandbox _box = new();

    public void Dispose() => _box.Dispose();

    [Fact]
    public async Task CopyAsync_HeredocToFile_WritesContentMode0644()
    {
        var now = CopySandbox.Utc(2021, 3, 4);

        await _box.CopyAsync([new HeredocCopySource("EOF", "hello\nworld\n")], "/etc/motd", new CopyOptions { Now = now });

        var status = _box.Stat("/etc/motd");
        Assert.Equal("hello\nworld\n", _box.Read("/etc/motd"));
        Assert.Equal(0b110_100_100u, status.Permissions);
        Assert.Equal(now.ToUnixTimeSeconds(), status.ModificationTime.Seconds);
    }

    [Fact]
    public async Task CopyAsync_HeredocIntoDirectory_NamedAfterDelimiterWithChownAndChmod()
    {
        await _box.CopyAsync([new HeredocCopySource("script.sh", "echo hi\n")], "/opt/", new CopyOptions { Chown = "bob", Chmod = 0b111_101_101 });

        var status = _box.Stat("/opt/script.sh");
        Assert.Equal(0b111_101_101u, status.Permissions);
        Assert.Equal((1003u, 1003u), (status.Uid, status.Gid));
    }

    [Fact]
    public async Task CopyAsync_Parents_KeepsSourcePaths()
    {
        _box.ContextFile("x/a.txt", "xa");
        _box.ContextFile("y/a.txt", "ya");
        _box.ContextFile("y/tree/deep/f", "f");

        await _box.CopyAsync("/p", new CopyOptions { Parents = true }, "x/a.txt", "y/a.txt", "y/tree");

        Assert.Equal("xa", _box.Read("/p/x/a.txt"));
        Assert.Equal("ya", _box.Read("/p/y/a.txt"));
        Assert.Equal("f", _box.Read("/p/y/tree/deep/f"));
    }

    [Fact]
    public async Task CopyAsync_Exclude_SkipsMatchesBelowDirectoryAndNamedFiles()
    {
        _box.ContextFile("src/keep.c", "c");
        _box.ContextFile("src/drop.txt", "t");
        _box.ContextFile("src/deep/also.txt", "t");
        _box.ContextFile("src/deep/keep.h", "h");
        _box.ContextFile("src/build/out.o", "o");
        _box.ContextFile("top.txt", "t");

        await _box.CopyAsync("/e/", new CopyOptions { Excludes = ["**/*.txt", "build"] }, "src", "top.txt");

        Assert.Equal(["/e/deep", "/e/deep/keep.h", "/e/keep.c"], Listing("/e"));
    }

    [Fact]
    public async Task CopyAsync_ExcludeWithException_ReincludesInsideExcludedDirectory()
    {
        _box.ContextFile("src/build/out.o", "o");
        _box.ContextFile("src/build/keep.me", "k");

        await _box.CopyAsync("/e/", new CopyOptions { Excludes = ["build", "!build/keep.me"] }, "src");

        Assert.Equal(["/e/build", "/e/build/keep.me"], Listing("/e"));
        Assert.Equal(0b111_101_101u, _box.Stat("/e/build").Permissions);
    }

    [Fact]
    public async Task CopyAsync_IgnoredPredicate_SeesContextPathsAndSkipsTrees()
    {
        _box.ContextFile("app/main.go", "m");
        _box.ContextFile("app/node_modules/x/y.js", "y");
        _box.ContextFile("app/logs/a.log", "l");
        _box.ContextFile("app/logs/keep/b.log", "b");
        var seen = new List<string>();
        var options = new CopyOptions
        {
            IsIgnored = p =>
            {
                seen.Add(p);
                return p is "app/node_modules" or "app/logs" or "app/logs/a.log";
            },
            MayIncludeBelow = p => p == "app/logs",
        };

        await _box.CopyAsync("/a/", options, "app");

        Assert.Equal(["/a/logs", "/a/logs/keep", "/a/logs/keep/b.log", "/a/main.go"], Listing("/a"));
        Assert.DoesNotContain("app/node_modules/x", seen);
    }

    [Fact]
    public async Task CopyAsync_FromImage_KeepsOwnersAndSetuid()
    {
        var image = Path.Combine(_box.Root, "image");
        var tool = CopySandbox.WriteFile(Path.Combine(image, "usr/bin/tool"), "t", (UnixFileMode)0b100_111_101_101, null);
        UnixFileSystem.ChangeOwner(tool, 1234, 4321);
        File.SetUnixFileMode(tool, (UnixFileMode)0b100_111_101_101);

        await BuildCopier.CopyAsync(_box.Rootfs, [new LocalCopySource(image, "usr/bin/tool")], new CopyDestination("/bin/"),
            new CopyOptions { FromImage = true }, CancellationToken.None);

        var status = _box.Stat("/bin/tool");
        Assert.Equal((1234u, 4321u), (status.Uid, status.Gid));
        Assert.Equal(0b100_111_101_101u, status.Permissions);
    }

    [Fact]
    public async Task CopyAsync_FromContext_OwnerBecomesRootAndSetuidCleared()
    {
        var tool = _box.ContextFile("tool", "t");
        UnixFileSystem.ChangeOwner(tool, 1234, 4321);
        File.SetUnixFileMode(tool, (UnixFileMode)0b110_111_101_101);

        await _box.CopyAsync("/tool", null, "tool");

        var status = _box.Stat("/tool");
        Assert.Equal((0u, 0u), (status.Uid, status.Gid));
        Assert.Equal(0b111_101_101u, status.Permissions);
    }

    [Fact]
    public async Task CopyAsync_ExtendedAttributes_KeepsUserAndCapabilityOnly()
    {
        var file = _box.ContextFile("f", "x");
        UnixFileSystem.SetExtendedAttribute(file, "user.note", "kept"u8);
        UnixFileSystem.SetExtendedAttribute(file, "trusted.secret", "dropped"u8);

        await _box.CopyAsync("/f", null, "f");

        Assert.Equal("kept"u8.ToArray(), UnixFileSystem.GetExtendedAttribute(_box.InRootfs("/f"), "user.note"));
        Assert.Null(UnixFileSystem.GetExtendedAttribute(_box.InRootfs("/f"), "trusted.secret"));
    }

    [Fact]
    public async Task CopyAsync_ExistingFile_IsReplacedNotWrittenThrough()
    {
        _box.ContextFile("f", "new");
        var old = _box.RootFile("f", "old");
        var other = Path.Combine(_box.Rootfs, "other-name");
        UnixFileSystem.CreateHardLink(old, other);

        await _box.CopyAsync("/f", null, "f");

        Assert.Equal("new", _box.Read("/f"));
        Assert.Equal("old", File.ReadAllText(other));
    }

    [Fact]
    public async Task CopyAsync_ExistingDirectoryWhereFileGoes_IsReplaced()
    {
        _box.ContextFile("tree/x", "file");
        _box.RootFile("d/x/inside", "gone");

        await _box.CopyAsync("/d", null, "tree");

        Assert.Equal("file", _box.Read("/d/x"));
    }

    [Fact]
    public async Task CopyAsync_WildcardMatchesToFileName_LastOneWins()
    {
        // podman 4.3.1: COPY a* /dest with a and a2 leaves /dest holding a2.
        _box.ContextFile("a", "a");
        _box.ContextFile("a2", "a2");

        await _box.CopyAsync([new LocalCopySource(_box.Context, "a") { Pattern = "a*" }, new LocalCopySource(_box.Context, "a2") { Pattern = "a*" }], "/dest");

        Assert.Equal("a2", _box.Read("/dest"));
    }

    [Fact]
    public async Task CopyAsync_SeveralSourcesWithoutSlash_DestinationIsDirectory()
    {
        _box.ContextFile("a", "a");
        _box.ContextFile("b", "b");

        await _box.CopyAsync("/dest", null, "a", "b");

        Assert.Equal(["/dest/a", "/dest/b"], Listing("/dest"));
    }

    [Fact]
    public async Task CopyAsync_DestinationIsWorkdir_IsDirectory()
    {
        _box.ContextFile("a", "a");

        await BuildCopier.CopyAsync(_box.Rootfs, [new LocalCopySource(_box.Context, "a")], new CopyDestination("/app") { WorkingDirectory = "/app" },
            new CopyOptions(), CancellationToken.None);

        Assert.Equal("a", _box.Read("/app/a"));
    }

    [Fact]
    public async Task CopyAsync_TwoHundredSmallFiles_AllCopied()
    {
        for (var i = 0; i < 200; i++)
        {
            _box.ContextFile($"many/d{i % 10}/f{i}", $"content {i}\n");
        }

        var result = await _box.CopyAsync("/many/", null, "many");

        Assert.Equal(200, Listing("/many").Count(p => p.Contains("/f", StringComparison.Ordinal)));
        Assert.Equal("content 123\n", _box.Read("/many/d3/f123"));
        Assert.True(result.Entries >= 210);
    }

    private List<string> Listing(string inRootfs) =>
        RootfsListing.Walk(_box.InRootfs(inRootfs)).Select(p => p[_box.Rootfs.Length..]).Order(StringComparer.Ordinal).ToList();
}

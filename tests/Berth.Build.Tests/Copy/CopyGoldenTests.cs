using System.Globalization;
using Berth.Build.Copy;
using Berth.Platform;

namespace Berth.Build.Tests.Copy;

/// <summary>
/// The copier against podman 4.3.1's own results (Golden/podman-4.3, recorded by record.sh): the same base image, the
/// same context and the same COPY/ADD steps must leave the same tree — types, modes, owners, link targets, hard-link
/// counts, and the modification times buildah keeps (times it sets to "now" are checked to be recent).
/// </summary>
public sealed class CopyGoldenTests : IDisposable
{
    private static readonly string Golden = Path.Combine(AppContext.BaseDirectory, "Copy", "Golden", "podman-4.3");
    private readonly CopySandbox _box = new();

    public void Dispose() => _box.Dispose();

    [Fact]
    public async Task CopyAsync_RecordedSteps_LeaveThePodmanTree()
    {
        MakeBase();
        MakeContext();
        await Step("/new/deep/f1", new(), "file.txt");
        await Step("/d1", new(), "dir");
        await Step("/d2/", new(), "dir/");
        await Step("/tl", new(), "toplink");
        await Step("/multi/", new(), "file.txt", "exe");
        await Step("/ca", new() { Chown = "alice" }, "dir");
        await Step("/cb/", new() { Chown = "bob:staff" }, "file.txt");
        await Step("/cc/x/", new() { Chown = "1234" }, "file.txt");
        await Step("/cd", new() { Chown = "alice:5555" }, "file.txt");
        await Step("/ce", new() { Chown = "1001" }, "file.txt");
        await Step("/cm", new() { Chmod = CopyOptions.ParseChmod("0700") }, "dir");
        await Step("/cm2/", new() { Chmod = CopyOptions.ParseChmod("0700") }, "file.txt");
        await Step("/cm3/", new() { Chmod = CopyOptions.ParseChmod("4755") }, "sgid");
        await Step("/chownparents/a/b/", new() { Chown = "alice" }, "file.txt");
        await Step("/applink/", new(), "file.txt");
        await Step("/climb/x", new(), "file.txt");
        await Step("/grouplink", new(), "file.txt");
        await Step("/add1", new() { IsAdd = true }, "file.txt");
        await Step("/add2", new() { IsAdd = true }, "dir");
        await Step("/data", new(), "exe", "sgid");
        await Step("/target", new(), "file.txt");
        await Step("/x/", new() { IsAdd = true }, "plain.tar");
        await Step("/g/", new() { IsAdd = true }, "plain.tar.gz");
        await Step("/b/", new() { IsAdd = true }, "plain.tar.bz2");
        await Step("/xz/", new() { IsAdd = true }, "plain.tar.xz");
        await Step("/z/", new() { IsAdd = true, Chown = "alice", Chmod = CopyOptions.ParseChmod("0711") }, "plain.tar.zst");
        await Step("/n/", new() { IsAdd = true }, "notatar.gz", "text.tar");
        await Step("/dd/", new() { IsAdd = true }, "dotdot.tar", "abs.tar");
        await Step("/c/", new(), "plain.tar.gz");

        var expected = RootfsListing.Parse(await File.ReadAllTextAsync(Path.Combine(Golden, "copy.txt")));
        var actual = RootfsListing.Read(_box.Rootfs);
        foreach (var skipped in new[] { "/", "/listing" })
        {
            expected.Remove(skipped);
        }

        foreach (var ours in new[] { "/bin", "/bin/busybox", "/etc", "/etc/passwd", "/etc/group" })
        {
            actual.Remove(ours);
        }

        Assert.Equal(expected.Keys, actual.Keys);
        foreach (var (path, want) in expected)
        {
            var got = actual[path];
            Assert.True(want[1] == got[1], $"{path}: mode {got[1]}, podman {want[1]}");
            Assert.True(want[2] == got[2], $"{path}: owner {got[2]}, podman {want[2]}");
            Assert.True(want[4] == got[4], $"{path}: type {got[4]}, podman {want[4]}");
            Assert.True(want[6] == got[6], $"{path}: link target {got[6]}, podman {want[6]}");
            if (want[4] != "directory")
            {
                // Directory link counts are the file system's business (overlay reports 1).
                Assert.True(want[5] == got[5], $"{path}: {got[5]} links, podman {want[5]}");
            }

            var wantTime = long.Parse(want[3], CultureInfo.InvariantCulture);
            var gotTime = long.Parse(got[3], CultureInfo.InvariantCulture);
            if (wantTime < 1_500_000_000)
            {
                Assert.True(wantTime == gotTime, $"{path}: mtime {gotTime}, podman {wantTime}");
            }
            else
            {
                Assert.True(gotTime > 1_500_000_000, $"{path}: mtime {gotTime}, podman sets it to the time of the copy");
            }
        }

        Assert.Equal(await File.ReadAllTextAsync(Path.Combine(Golden, "group-after.txt")), _box.Read("/etc/group"));
    }

    [Theory]
    [InlineData("COPY missing /dest")]
    [InlineData("COPY --chown=nobody file.txt /dest")]
    [InlineData("COPY --chown=alice:nogroup file.txt /dest")]
    [InlineData("COPY --chmod=999 file.txt /dest")]
    [InlineData("COPY --chmod=u+x file.txt /dest")]
    [InlineData("COPY dir /bin/busybox")]
    [InlineData("COPY file.txt exe /etc/passwd")]
    [InlineData("COPY file.txt /etc/passwd/")]
    [InlineData("ADD plain.tar /etc/passwd")]
    [InlineData("COPY http://127.0.0.1:9/x /dest")]
    public async Task CopyAsync_RecordedError_GivesPodmanMessageAndWritesNothing(string step)
    {
        MakeBase();
        MakeContext();
        var recorded = (await File.ReadAllLinesAsync(Path.Combine(Golden, "errors.txt"))).Select(l => l.Split('\t')).Single(f => f[0] == step)[1]
            .Replace("/tmp/berth-copier-record/ctx", _box.Context, StringComparison.Ordinal);
        var words = step.Split(' ');
        var options = new CopyOptions { IsAdd = words[0] == "ADD" };
        var sources = new List<CopySource>();
        var before = RootfsListing.Read(_box.Rootfs);
        var e = await Assert.ThrowsAsync<BerthException>(async () =>
        {
            foreach (var word in words[1..^1])
            {
                if (word.StartsWith("--chown=", StringComparison.Ordinal))
                {
                    options = options with { Chown = word["--chown=".Length..] };
                }
                else if (word.StartsWith("--chmod=", StringComparison.Ordinal))
                {
                    options = options with { Chmod = CopyOptions.ParseChmod(word["--chmod=".Length..]) };
                }
                else
                {
                    sources.Add(word.StartsWith("http", StringComparison.Ordinal) ? new UrlCopySource(new Uri(word)) : new LocalCopySource(_box.Context, word));
                }
            }

            await _box.CopyAsync(sources, words[^1], options);
        });

        Assert.Equal(recorded, e.Message);
        Assert.Equal(before.Keys, RootfsListing.Read(_box.Rootfs).Keys);
    }

    private Task<CopyResult> Step(string destination, CopyOptions options, params string[] sources) => _box.CopyAsync(destination, options, sources);

    /// <summary>record.sh's base image, busybox aside.</summary>
    private void MakeBase()
    {
        var r = _box.Rootfs;
        Directory.CreateDirectory(Path.Combine(r, "data"));
        Directory.CreateDirectory(Path.Combine(r, "target"));
        _box.RootFile("x/top/gone", "g\n");
        _box.RootFile("x/top/other", "o\n");
        _box.RootFile("bin/busybox", "not really\n", (UnixFileMode)0b111_101_101);
        File.CreateSymbolicLink(Path.Combine(r, "applink"), "/target");
        File.CreateSymbolicLink(Path.Combine(r, "climb"), "../../..");
        File.CreateSymbolicLink(Path.Combine(r, "grouplink"), "/etc/group");
    }

    /// <summary>record.sh's make_context.</summary>
    private void MakeContext()
    {
        var c = _box.Context;
        _box.ContextFile("file.txt", "hello\n", (UnixFileMode)0b110_100_000, CopySandbox.Utc(2001, 2, 3, 4, 5, 6));
        _box.ContextFile("dir/a", "a\n", (UnixFileMode)0b110_000_000, CopySandbox.Utc(2002));
        _box.ContextFile("dir/sub/b", "b\n", (UnixFileMode)0b111_101_101, CopySandbox.Utc(2002));
        _box.ContextFile("dir/hard1", "h\n", (UnixFileMode)0b110_100_100, CopySandbox.Utc(2002));
        UnixFileSystem.CreateHardLink(Path.Combine(c, "dir/hard1"), Path.Combine(c, "dir/hard2"));
        File.CreateSymbolicLink(Path.Combine(c, "dir/link"), "a");
        File.CreateSymbolicLink(Path.Combine(c, "dir/abslink"), "/etc/passwd");
        CopySandbox.Touch(Path.Combine(c, "dir/link"), CopySandbox.Utc(2003));
        CopySandbox.Touch(Path.Combine(c, "dir/abslink"), CopySandbox.Utc(2003));
        UnixFileSystem.CreateNode(Path.Combine(c, "dir/fifo"), UnixFileKind.Fifo, 0b110_100_100);
        CopySandbox.Touch(Path.Combine(c, "dir/fifo"), CopySandbox.Utc(2002));
        File.SetUnixFileMode(Path.Combine(c, "dir/sub"), (UnixFileMode)0b111_000_000);
        CopySandbox.Touch(Path.Combine(c, "dir/sub"), CopySandbox.Utc(2004));
        File.SetUnixFileMode(Path.Combine(c, "dir"), (UnixFileMode)0b111_101_000);
        CopySandbox.Touch(Path.Combine(c, "dir"), CopySandbox.Utc(2005));
        File.CreateSymbolicLink(Path.Combine(c, "toplink"), "file.txt");
        _box.ContextFile("exe", "x\n", (UnixFileMode)0b100_111_101_101, CopySandbox.Utc(2006));
        _box.ContextFile("sgid", "g\n", (UnixFileMode)0b010_111_101_101, CopySandbox.Utc(2007));
        foreach (var archive in Directory.EnumerateFiles(Path.Combine(Golden, "archives")))
        {
            var copy = Path.Combine(c, Path.GetFileName(archive));
            File.Copy(archive, copy);
            CopySandbox.Touch(copy, CopySandbox.Utc(2008));
        }

        _box.ContextFile("text.tar", "hi\n", mtime: CopySandbox.Utc(2008));
    }
}

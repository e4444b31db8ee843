using Berth.Build.Context;
using Berth.Oci;

namespace Berth.Build.Tests.Context;

public sealed class ContentDigestTests : IDisposable
{
    private readonly TempTree _tree = new();

    public void Dispose() => _tree.Dispose();

    private string MakeTree(string name)
    {
        var root = _tree.Dir(name);
        _tree.File($"{name}/a.txt", "alpha");
        _tree.File($"{name}/dir/b.bin", new string('b', 300_000));
        _tree.File($"{name}/dir/ignored.log", "noise");
        _tree.Link($"{name}/dir/link", "../a.txt");
        _tree.Dir($"{name}/empty");
        File.SetUnixFileMode(Path.Join(root, "a.txt"), UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.SetUnixFileMode(Path.Join(root, "dir/b.bin"), UnixFileMode.UserRead | UnixFileMode.UserWrite);
        return root;
    }

    private static Digest DigestOf(string context, params string[] sources)
    {
        using var resolver = new SourceResolver(context, IgnorePatterns.Parse("*.log\ndir/*.log"));
        return ContentDigest.Compute(resolver, resolver.Resolve(sources));
    }

    [Fact]
    public void Compute_IdenticalTrees_GiveTheSameDigest()
    {
        var first = MakeTree("one");
        var second = MakeTree("two");
        Assert.Equal(DigestOf(first, "."), DigestOf(second, "."));
        Assert.Equal(DigestOf(first, "a.txt", "dir"), DigestOf(second, "a.txt", "dir"));
    }

    [Fact]
    public void Compute_TimesChanged_KeepsTheDigest()
    {
        var root = MakeTree("one");
        var before = DigestOf(root, ".");
        File.SetLastWriteTimeUtc(Path.Join(root, "a.txt"), new DateTime(2001, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        File.SetLastAccessTimeUtc(Path.Join(root, "dir/b.bin"), new DateTime(2002, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        Assert.Equal(before, DigestOf(root, "."));
    }

    [Fact]
    public void Compute_IgnoredFileChanged_KeepsTheDigest()
    {
        var root = MakeTree("one");
        var before = DigestOf(root, ".");
        File.WriteAllText(Path.Join(root, "dir/ignored.log"), "other noise");
        File.WriteAllText(Path.Join(root, "new.log"), "more");
        Assert.Equal(before, DigestOf(root, "."));
    }

    public static TheoryData<string> Changes() => ["byte", "mode", "rename", "add", "link", "owner", "source-order"];

    [Theory]
    [MemberData(nameof(Changes))]
    public void Compute_TreeChanged_ChangesTheDigest(string change)
    {
        var root = MakeTree("one");
        var before = DigestOf(root, "a.txt", ".");
        switch (change)
        {
            case "byte":
                var bytes = File.ReadAllBytes(Path.Join(root, "dir/b.bin"));
                bytes[150_000] = (byte)'c';
                File.WriteAllBytes(Path.Join(root, "dir/b.bin"), bytes);
                break;
            case "mode":
                File.SetUnixFileMode(Path.Join(root, "a.txt"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
                break;
            case "rename":
                File.Move(Path.Join(root, "dir/b.bin"), Path.Join(root, "dir/c.bin"));
                break;
            case "add":
                _tree.File("one/empty/new", "");
                break;
            case "link":
                File.Delete(Path.Join(root, "dir/link"));
                _tree.Link("one/dir/link", "../dir");
                break;
            case "owner":
                File.SetUnixFileMode(Path.Join(root, "a.txt"), UnixFileMode.UserRead | UnixFileMode.UserWrite);
                Assert.Equal(0, Chown(Path.Join(root, "a.txt"), 1234, 5678));
                break;
            case "source-order":
                Assert.NotEqual(before, DigestOf(root, ".", "a.txt"));
                return;
        }

        Assert.NotEqual(before, DigestOf(root, "a.txt", "."));
    }

    private static int Chown(string path, int uid, int gid)
    {
        var process = System.Diagnostics.Process.Start("chown", $"{uid}:{gid} {path}");
        process.WaitForExit();
        return process.ExitCode;
    }
}

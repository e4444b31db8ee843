using Berth.Build.Copy;
using Berth.Platform;

// The copier tests make Unix modes, links and fifos (Linux only, DESIGN.md §8).
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]

namespace Berth.Build.Tests.Copy;

/// <summary>
/// A temporary directory with a build context (<see cref="Context"/>), a root file system (<see cref="Rootfs"/>: an
/// /etc/passwd and /etc/group like the golden recordings' base image) and a canary directory outside both, to prove
/// nothing outside the root was touched.
/// </summary>
internal sealed class CopySandbox : IDisposable
{
    public CopySandbox()
    {
        Directory.CreateDirectory(Context);
        Directory.CreateDirectory(Path.Combine(Rootfs, "etc"));
        Directory.CreateDirectory(Canary);
        File.WriteAllText(Path.Combine(Canary, "keep"), "canary\n");
        File.WriteAllText(Path.Combine(Rootfs, "etc/passwd"),
            "root:x:0:0:root:/root:/bin/sh\nalice:x:1001:1002:Alice:/home/alice:/bin/sh\nbob:x:1003:1003:Bob:/home/bob:/bin/sh\n");
        File.WriteAllText(Path.Combine(Rootfs, "etc/group"), "root:x:0:\nalicegrp:x:1002:\nbob:x:1003:\nstaff:x:2000:alice\n");
    }

    public string Root { get; } = Path.Combine(Path.GetTempPath(), "berth-copy-" + Guid.NewGuid().ToString("N"));

    public string Context => Path.Combine(Root, "ctx");

    public string Rootfs => Path.Combine(Root, "rootfs");

    public string Canary => Path.Combine(Root, "canary");

    public static DateTimeOffset Utc(int year, int month = 1, int day = 1, int hour = 0, int minute = 0, int second = 0) =>
        new(year, month, day, hour, minute, second, TimeSpan.Zero);

    /// <summary>Writes a context file with a mode and a modification time.</summary>
    public string ContextFile(string relative, string content, UnixFileMode mode = (UnixFileMode)0b110_100_100, DateTimeOffset? mtime = null) =>
        WriteFile(Path.Combine(Context, relative), content, mode, mtime);

    public string RootFile(string relative, string content, UnixFileMode mode = (UnixFileMode)0b110_100_100) =>
        WriteFile(Path.Combine(Rootfs, relative), content, mode, null);

    public static string WriteFile(string path, string content, UnixFileMode mode, DateTimeOffset? mtime)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
        File.SetUnixFileMode(path, mode);
        if (mtime is { } t)
        {
            File.SetLastWriteTimeUtc(path, t.UtcDateTime);
        }

        return path;
    }

    /// <summary>Sets a path's own times (a symlink's too).</summary>
    public static void Touch(string path, DateTimeOffset time)
    {
        var seconds = time.ToUnixTimeSeconds();
        UnixFileSystem.SetTimes(path, new UnixTime(seconds, 0), new UnixTime(seconds, 0));
    }

    public Task<CopyResult> CopyAsync(string destination, CopyOptions? options = null, params string[] sources) =>
        BuildCopier.CopyAsync(Rootfs, sources.Select(s => (CopySource)new LocalCopySource(Context, s)).ToList(), new CopyDestination(destination),
            options ?? new CopyOptions(), CancellationToken.None);

    public Task<CopyResult> CopyAsync(IReadOnlyList<CopySource> sources, string destination, CopyOptions? options = null) =>
        BuildCopier.CopyAsync(Rootfs, sources, new CopyDestination(destination), options ?? new CopyOptions(), CancellationToken.None);

    /// <summary>lstat of a path inside the root file system ("/a/b").</summary>
    public UnixFileStatus Stat(string inRootfs) => UnixFileSystem.Stat(InRootfs(inRootfs));

    public UnixFileStatus? TryStat(string inRootfs) => UnixFileSystem.TryStat(InRootfs(inRootfs));

    public string InRootfs(string path) => Path.Combine(Rootfs, path.TrimStart('/'));

    public string Read(string inRootfs) => File.ReadAllText(InRootfs(inRootfs));

    /// <summary>Everything below the sandbox root but inside neither the root file system nor the context.</summary>
    public IReadOnlyList<string> Outside() =>
        RootfsListing.Walk(Root)
            .Where(p => !p.StartsWith(Rootfs, StringComparison.Ordinal) && !p.StartsWith(Context, StringComparison.Ordinal))
            .Select(p => p[Root.Length..]).Order(StringComparer.Ordinal).ToList();

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

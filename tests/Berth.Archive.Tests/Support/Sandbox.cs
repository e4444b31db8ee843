using System.Security.Cryptography;
using System.Text;
using Berth.Platform;

namespace Berth.Archive.Tests;

/// <summary>
/// A temporary directory holding the layer target, a sibling "canary" directory and a file outside the target, with a
/// snapshot of everything outside the target so a test can prove a hostile layer changed none of it.
/// </summary>
internal sealed class Sandbox : IDisposable
{
    private readonly string _before;

    public Sandbox()
    {
        Root = Path.Combine(Path.GetTempPath(), "berth-archive-" + Guid.NewGuid().ToString("N")[..12]);
        Target = Path.Combine(Root, "target");
        Canary = Path.Combine(Root, "canary");
        OutsideFile = Path.Combine(Root, "outside.txt");
        Inputs = Path.Combine(Root, "inputs");
        Directory.CreateDirectory(Target);
        Directory.CreateDirectory(Inputs);
        Directory.CreateDirectory(Path.Combine(Canary, "sub"));
        File.WriteAllText(Path.Combine(Canary, "victim"), "canary victim");
        File.WriteAllText(Path.Combine(Canary, "sub", "file"), "canary sub file");
        File.WriteAllText(OutsideFile, "outside");
        _before = SnapshotOutside();
    }

    public string Root { get; }

    public string Target { get; }

    public string Canary { get; }

    public string OutsideFile { get; }

    /// <summary>Where a test puts the archives it feeds in (not part of the "outside" snapshot).</summary>
    public string Inputs { get; }

    public string InTarget(string relative) => Path.Combine(Target, relative);

    /// <summary>Everything under the sandbox root except the target, and /etc/passwd, are as they were.</summary>
    public void AssertOutsideUnchanged() => Assert.Equal(_before, SnapshotOutside());

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

    private string SnapshotOutside()
    {
        var b = new StringBuilder();
        Describe(Root, "", b, skip: [Target, Inputs]);
        foreach (var host in new[] { "/etc/passwd", "/etc/x", "/escape", "/tmp/escape", Path.Combine(Path.GetTempPath(), "escape") })
        {
            b.Append(host).Append(' ').Append(File.Exists(host) ? Describe(host) : "absent").Append('\n');
        }

        return b.ToString();
    }

    private static void Describe(string directory, string prefix, StringBuilder b, string[] skip)
    {
        var names = Directory.GetFileSystemEntries(directory).Select(Path.GetFileName).Order(StringComparer.Ordinal);
        foreach (var name in names)
        {
            var path = Path.Combine(directory, name!);
            if (skip.Contains(path))
            {
                continue;
            }

            b.Append(prefix).Append(name).Append(' ').Append(Describe(path)).Append('\n');
            var status = UnixStat.Of(path);
            if (status.Kind == UnixFileKind.Directory)
            {
                Describe(path, prefix + name + "/", b, skip);
            }
        }
    }

    private static string Describe(string path)
    {
        var s = UnixStat.Of(path);
        var content = s.Kind == UnixFileKind.Regular ? Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path)))[..16] : "";
        return $"{s.Kind} {Convert.ToString(s.Permissions, 8)} {s.Uid}:{s.Gid} links={s.LinkCount} size={s.Size} mtime={s.ModificationTime.Seconds} {content}";
    }
}

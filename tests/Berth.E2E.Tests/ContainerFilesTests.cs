using System.Diagnostics;
using System.Formats.Tar;

namespace Berth.E2E.Tests;

/// <summary>
/// cp, export, commit, diff, mount/unmount and container prune with the built binary against real runc/conmon, each
/// test in its own store with a busybox image imported from a local tar. Tar streams go through files (sh redirections)
/// so binary output is not decoded as text. Containers and mounts are cleaned up in Dispose.
/// </summary>
public sealed class ContainerFilesTests : IDisposable
{
    private readonly TempDir _dir = new();

    public ContainerFilesTests()
    {
        var rootfs = Directory.CreateDirectory(Path.Combine(_dir.Path, "rootfs")).FullName;
        Directory.CreateDirectory(Path.Combine(rootfs, "bin"));
        Directory.CreateDirectory(Path.Combine(rootfs, "etc"));
        File.Copy("/bin/busybox", Path.Combine(rootfs, "bin", "busybox"));
        foreach (var applet in (string[])["sh", "cat", "sleep", "rm", "echo", "true"])
        {
            File.CreateSymbolicLink(Path.Combine(rootfs, "bin", applet), "busybox");
        }

        File.WriteAllText(Path.Combine(rootfs, "etc", "passwd"), "root:x:0:0:root:/root:/bin/sh\n");
        File.WriteAllText(Path.Combine(rootfs, "etc", "group"), "root:x:0:\n");
        File.WriteAllText(Path.Combine(rootfs, "etc", "shadow"), "CONTAINER-SHADOW\n");
        var tar = Path.Combine(_dir.Path, "rootfs.tar");
        TarFile.CreateFromDirectory(rootfs, tar, includeBaseDirectory: false);
        Assert.Equal(0, Berth("import", tar, "localhost/fbox").ExitCode);
    }

    public void Dispose()
    {
        Berth("rm", "-a", "-f", "-t", "0");
        Berth("unmount", "--all", "--force");
        foreach (var point in File.ReadLines("/proc/self/mountinfo").Select(l => l.Split(' ')[4])
                     .Where(p => p.StartsWith(_dir.Path + "/", StringComparison.Ordinal)).OrderByDescending(p => p.Length))
        {
            using var umount = Process.Start("umount", ["-l", point]);
            umount.WaitForExit();
        }

        _dir.Dispose();
    }

    private string[] Globals => ["--root", _dir.Path + "/root", "--runroot", _dir.Path + "/run"];

    private RunResult Berth(params string[] args) => BerthRunner.Run([.. Globals, .. args]);

    /// <summary>berth with standard input and/or output redirected to files.</summary>
    private RunResult Redirected(string? stdin, string? stdout, params string[] args)
    {
        var command = string.Join(' ', new[] { BerthRunner.Binary }.Concat(Globals).Concat(args).Select(a => "'" + a + "'"));
        command += stdin is null ? "" : $" < '{stdin}'";
        command += stdout is null ? "" : $" > '{stdout}'";
        return BerthRunner.RunAs("/bin/sh", null, "-c", command);
    }

    private string Host(string name) => Path.Combine(_dir.Path, name);

    private string Create(string name, params string[] command)
    {
        var created = Berth(["create", "--network", "none", "--name", name, "localhost/fbox", .. command]);
        Assert.True(created.ExitCode == 0, created.Stderr);
        return created.Stdout.Trim();
    }

    private static List<string> TarNames(string path)
    {
        using var reader = new TarReader(File.OpenRead(path));
        var names = new List<string>();
        while (reader.GetNextEntry() is { } entry)
        {
            names.Add(entry.Name);
        }

        return names;
    }

    private string WriteTar(string name, Action<TarWriter> fill)
    {
        var path = Host(name);
        using (var writer = new TarWriter(File.Create(path)))
        {
            fill(writer);
        }

        return path;
    }

    [Fact]
    public void Cp_BothDirections_FollowDockerCpRules()
    {
        Create("c1", "true");
        var src = Directory.CreateDirectory(Host("src/d/sub")).Parent!.Parent!.FullName;
        File.WriteAllText(Path.Combine(src, "f"), "hi\n");
        File.WriteAllText(Path.Combine(src, "d", "sub", "x"), "x\n");

        Assert.Equal(0, Berth("cp", Path.Combine(src, "f"), "c1:/etc").ExitCode);
        Assert.Equal(0, Berth("cp", Path.Combine(src, "d"), "c1:/dnew").ExitCode);
        Assert.Equal(0, Berth("cp", Path.Combine(src, "d") + "/.", "c1:/etc").ExitCode);
        var missing = Berth("cp", Path.Combine(src, "f"), "c1:/nodir/x");
        Assert.Equal(125, missing.ExitCode);
        Assert.Equal("Error: \"/nodir/x\" could not be found on container c1: no such file or directory\n", missing.Stderr);
        Assert.Equal("Error: destination must be a directory when copying a directory\n", Berth("cp", Path.Combine(src, "d"), "c1:/etc/f").Stderr);

        var back = Directory.CreateDirectory(Host("back")).FullName;
        Assert.Equal(0, Berth("cp", "c1:/etc", back).ExitCode);
        Assert.Equal(0, Berth("cp", "c1:/dnew/.", Path.Combine(back, "copy")).ExitCode);
        Assert.Equal("hi\n", File.ReadAllText(Path.Combine(back, "etc", "f")));
        Assert.Equal("x\n", File.ReadAllText(Path.Combine(back, "etc", "sub", "x")));
        Assert.Equal("x\n", File.ReadAllText(Path.Combine(back, "copy", "sub", "x")));

        // A symlink source is followed; on stdout the entry takes the target's name, as podman's.
        var stdout = Host("sh.tar");
        Assert.Equal(0, Redirected(null, stdout, "cp", "c1:/bin/sh", "-").ExitCode);
        Assert.Equal(["busybox"], TarNames(stdout));
        Assert.Equal(0, Redirected(null, stdout, "cp", "c1:/dnew", "-").ExitCode);
        Assert.Equal(["dnew/", "dnew/sub/", "dnew/sub/x"], TarNames(stdout));
    }

    [Fact]
    public void Cp_SymlinkToShadowInContainer_ReadsTheContainersFile()
    {
        Create("c1", "true");
        var links = WriteTar("links.tar", w =>
        {
            w.WriteEntry(new PaxTarEntry(TarEntryType.SymbolicLink, "evil") { LinkName = "/etc/shadow" });
            w.WriteEntry(new PaxTarEntry(TarEntryType.SymbolicLink, "up") { LinkName = "../../../../../../etc" });
        });
        var put = Redirected(links, null, "cp", "-", "c1:/tmp");
        // The relative link climbing out of the destination is refused; nothing of it is written.
        Assert.NotEqual(0, put.ExitCode);
        var put2 = Redirected(WriteTar("one.tar", w => w.WriteEntry(new PaxTarEntry(TarEntryType.SymbolicLink, "evil") { LinkName = "/etc/shadow" })), null, "cp", "-", "c1:/etc");
        Assert.True(put2.ExitCode == 0, put2.Stderr);

        var copy = Host("shadow-copy");
        Assert.Equal(0, Berth("cp", "c1:/etc/evil", copy).ExitCode);
        Assert.Equal("CONTAINER-SHADOW\n", File.ReadAllText(copy));
    }

    [Fact]
    public void Cp_HostileTarOnStdin_WritesNothingOutside()
    {
        Create("c1", "true");
        var outside = Host("escaped");
        var hostile = WriteTar("hostile.tar", w =>
        {
            var entry = new PaxTarEntry(TarEntryType.RegularFile, "../../../../../../../.." + outside) { DataStream = new MemoryStream("evil\n"u8.ToArray()) };
            w.WriteEntry(entry);
        });
        var result = Redirected(hostile, null, "cp", "-", "c1:/etc");
        Assert.Equal(125, result.ExitCode);
        Assert.False(File.Exists(outside));

        var absolute = WriteTar("absolute.tar", w => w.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, outside) { DataStream = new MemoryStream("evil\n"u8.ToArray()) }));
        Redirected(absolute, null, "cp", "-", "c1:/etc");
        Assert.False(File.Exists(outside));
        var back = Host("abs");
        Assert.Equal(0, Berth("cp", "c1:/etc" + outside, back).ExitCode);
        Assert.Equal("evil\n", File.ReadAllText(back));
    }

    [Fact]
    public void ExportCommitDiff_OfARunContainer()
    {
        var run = Berth("run", "--network", "none", "--name", "c1", "localhost/fbox", "sh", "-c", "rm /etc/group; echo new > /etc/new; echo more >> /etc/passwd");
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal("C /etc\nD /etc/group\nA /etc/new\nC /etc/passwd\n", Berth("diff", "c1").Stdout);
        Assert.Contains("\"deleted\": [", Berth("container", "diff", "--format", "json", "c1").Stdout, StringComparison.Ordinal);

        var exported = Host("export.tar");
        Assert.Equal(0, Berth("export", "-o", exported, "c1").ExitCode);
        var names = TarNames(exported);
        Assert.Contains("etc/new", names);
        Assert.Contains("bin/busybox", names);
        Assert.DoesNotContain("etc/group", names);

        var commit = Berth("commit", "-c", "CMD [\"cat\", \"/etc/new\"]", "c1", "committed");
        Assert.True(commit.ExitCode == 0, commit.Stderr);
        Assert.StartsWith("Getting image source signatures\n", commit.Stderr, StringComparison.Ordinal);
        Assert.EndsWith("Writing manifest to image destination\nStoring signatures\n", commit.Stderr, StringComparison.Ordinal);
        Assert.Matches("^[0-9a-f]{64}\n$", commit.Stdout);
        var again = Berth("run", "--rm", "--network", "none", "localhost/committed");
        Assert.Equal("new\n", again.Stdout);
        Assert.Equal("1\n", Berth("run", "--rm", "--network", "none", "localhost/committed", "sh", "-c", "cat /etc/group 2>/dev/null; echo $?").Stdout);
        var quiet = Berth("commit", "-q", "c1");
        Assert.Equal("", quiet.Stderr);
        Assert.Matches("^[0-9a-f]{64}\n$", quiet.Stdout);
    }

    [Fact]
    public void MountUnmount_CountsUsersAndListsMounted()
    {
        var id = Create("c1", "sleep", "100");
        Assert.Equal("", Berth("mount").Stdout);
        var path = Berth("mount", "c1").Stdout.Trim();
        Assert.EndsWith("/merged", path, StringComparison.Ordinal);
        Berth("mount", "c1");
        Assert.Equal($"{id[..12]}  {path}\n", Berth("mount").Stdout);
        Assert.Equal($"{id}  {path}\n", Berth("mount", "--no-trunc").Stdout);
        Assert.Contains($"\"mountpoint\": \"{path}\"", Berth("mount", "--format", "json").Stdout, StringComparison.Ordinal);
        Assert.Equal("c1\n", Berth("umount", "c1").Stdout);
        Assert.Equal($"{id[..12]}  {path}\n", Berth("mount").Stdout);
        Assert.Equal("c1\n", Berth("umount", "c1").Stdout);
        Assert.Equal("", Berth("mount").Stdout);

        // A running container holds one count: unmounting it leaves the mount in place.
        Assert.Equal(0, Berth("start", "c1").ExitCode);
        Assert.Equal("c1\n", Berth("unmount", "c1").Stdout);
        Assert.Equal($"{id[..12]}  {path}\n", Berth("mount").Stdout);
        Assert.Equal("Error: you must provide at least one name or id\n", Berth("umount").Stderr);
    }

    [Fact]
    public void PruneAndRmi_ImagesInUseAndStoppedContainers()
    {
        var stopped = Create("stopped", "true");
        Create("running", "sleep", "100");
        Assert.Equal(0, Berth("start", "running").ExitCode);
        var rmi = Berth("rmi", "localhost/fbox");
        Assert.Equal(2, rmi.ExitCode);
        Assert.Matches("^Error: image used by [0-9a-f]{64}: image is in use by a container: consider listing external containers and force-removing image\n$", rmi.Stderr);

        var declined = BerthRunner.RunWithInput(BerthRunner.Binary, null, "n\n", [.. Globals, "container", "prune"]);
        Assert.Equal("WARNING! This will remove all non running containers.\nAre you sure you want to continue? [y/N] ", declined.Stdout);
        Assert.Equal(0, Berth("container", "exists", "stopped").ExitCode);
        Assert.Equal(stopped + "\n", Berth("container", "prune", "-f").Stdout);
        Assert.Equal(1, Berth("container", "exists", "stopped").ExitCode);
        Assert.Equal(0, Berth("container", "exists", "running").ExitCode);

        var forced = Berth("rmi", "-f", "localhost/fbox");
        Assert.True(forced.ExitCode == 0, forced.Stderr);
        Assert.Equal(1, Berth("container", "exists", "running").ExitCode);
    }
}

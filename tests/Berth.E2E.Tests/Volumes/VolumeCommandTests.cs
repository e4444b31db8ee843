using System.Diagnostics;
using System.Formats.Tar;
using System.Text.Json;

namespace Berth.E2E.Tests.Volumes;

/// <summary>
/// volume create/ls/inspect/exists/rm/prune/export/import/mount/unmount driving the built binary in a private store
/// (--root/--runroot, volumes under the root). Outputs, messages and exit codes as podman 4.3.1's.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class VolumeCommandTests : IDisposable
{
    private readonly TempDir dir = new();

    private string Root => Path.Combine(dir.Path, "root");

    private string VolumeDir(string name) => Path.Combine(Root, "volumes", name, "_data");

    public void Dispose()
    {
        Berth("volume", "rm", "-af");
        foreach (var line in File.ReadLines("/proc/self/mountinfo").Where(l => l.Contains(dir.Path, StringComparison.Ordinal)))
        {
            Process.Start("umount", ["-l", line.Split(' ')[4]])!.WaitForExit();
        }

        dir.Dispose();
    }

    [Fact]
    public void CreateListInspectExistsRemove_AsPodman()
    {
        Assert.Equal("data\n", Ok("volume", "create", "--label", "a=b,c", "-l", "x=y", "data"));
        var anonymous = Ok("volume", "create").Trim();
        Assert.Matches("^[0-9a-f]{64}$", anonymous);

        // By name in byte order: the random name may sort either side of "data".
        var rows = string.Concat(new[] { anonymous, "data" }.Order(StringComparer.Ordinal).Select(n => $"local       {n}\n"));
        Assert.Equal("DRIVER      VOLUME NAME\n" + rows, Ok("volume", "ls"));
        Assert.Equal("data\n", Ok("volume", "ls", "-q", "--filter", "label=a=b"));
        Assert.Equal("data\n", Ok("volume", "list", "--format", "{{.Name}}", "--filter", "name=^dat"));
        using (var doc = JsonDocument.Parse(Ok("volume", "inspect", "data")))
        {
            var v = doc.RootElement[0];
            Assert.Equal(["Name", "Driver", "Mountpoint", "CreatedAt", "Labels", "Scope", "Options", "MountCount", "NeedsCopyUp", "NeedsChown"], v.EnumerateObject().Select(p => p.Name));
            Assert.Equal(VolumeDir("data"), v.GetProperty("Mountpoint").GetString());
            Assert.Equal("", v.GetProperty("Labels").GetProperty("c").GetString());
        }

        Assert.Equal("local local\n", Ok("volume", "inspect", "--format", "{{.Driver}} {{.Scope}}", "dat"));
        Assert.True(Directory.Exists(VolumeDir("data")));
        Assert.Equal(0, Berth("volume", "exists", "data").ExitCode);
        Assert.Equal(1, Berth("volume", "exists", "dat").ExitCode);

        Assert.Equal("data\n", Ok("volume", "rm", "data"));
        Assert.False(Directory.Exists(Path.Combine(Root, "volumes", "data")));
        Assert.Equal(1, Berth("volume", "exists", "data").ExitCode);
    }

    [Fact]
    public void Create_Refusals_ArePodmansAndChangeNothing()
    {
        Ok("volume", "create", "x1");

        Expect(Berth("volume", "create", "x1"), 125, "Error: volume with name x1 already exists: volume already exists\n");
        Expect(Berth("volume", "create", "-o", "foo=bar", "x2"), 125, "Error: invalid mount option foo for driver 'local': invalid argument\n");
        Expect(Berth("volume", "create", "a:b"), 125, "Error: running volume create option: names must match [a-zA-Z0-9][a-zA-Z0-9_.-]*: invalid argument\n");
        Expect(Berth("volume", "create", "--driver", "foo", "x3"), 125, "Error: volume x3 uses volume plugin foo but it could not be retrieved: no volume plugin with name foo available: required plugin missing\n");
        Expect(Berth("volume", "create", "-o", "type=bind", "-o", "device=/nonexistent", "x4"), 125, "Error: invalid volume option device for driver 'local': stat /nonexistent: no such file or directory\n");
        Expect(Berth("volume", "create", "-l", "=x", "x5"), 125, "Error: unable to process labels: invalid label format: \"=x\"\n");

        Assert.Equal("x1\n", Ok("volume", "ls", "-q"));
        Assert.Equal(["x1"], Directory.GetDirectories(Path.Combine(Root, "volumes")).Select(Path.GetFileName));
        Assert.Equal("x1\n", Ok("volume", "create", "--ignore", "x1"));
    }

    [Fact]
    public void Remove_Missing_Exit1_ForcedIsQuiet()
    {
        Ok("volume", "create", "keep");

        Expect(Berth("volume", "rm", "nope"), 1, "Error: no volume with name \"nope\" found: no such volume\n");
        Expect(Berth("volume", "rm", "-f", "nope"), 0, "");
        Expect(Berth("volume", "rm"), 125, "Error: choose either one or more volumes or all\n");
        Expect(Berth("volume", "rm", "-t", "3", "keep"), 125, "Error: --force option must be specified to use the --time option\n");
        Assert.Equal("keep\n", Ok("volume", "ls", "-q"));
    }

    /// <summary>In use by a created container (<c>create -v</c>), and a running one refuses import.</summary>
    [Fact]
    public void Remove_InUse_Exit2_ForceRemovesTheContainer()
    {
        using var store = new ContainerStore();
        Assert.Equal(0, store.Berth("volume", "create", "busy").ExitCode);
        var id = store.Berth("create", "--name", "user", "--network", "none", "-v", "busy:/data", ContainerStore.Image, "true").Stdout.Trim();

        var refused = store.Berth("volume", "rm", "busy");
        Assert.Equal(2, refused.ExitCode);
        Assert.Equal($"Error: volume busy is being used by the following container(s): {id}: volume is being used\n", refused.Stderr);
        Assert.Equal("busy\n", store.Berth("volume", "ls", "-q", "--filter", "dangling=false").Stdout);
        Assert.Equal("", store.Berth("volume", "prune", "-f").Stdout);

        var forced = store.Berth("volume", "rm", "-f", "busy");
        Assert.True(forced.ExitCode == 0, forced.Stderr);
        Assert.Equal("busy\n", forced.Stdout);
        Assert.Equal("", store.Berth("ps", "-aq").Stdout);
        Assert.Equal("", store.Berth("volume", "ls", "-q").Stdout);

        // A running user: import is refused and the volume keeps its contents.
        var running = store.RunDetached("--network", "none", "-v", "live:/data", ContainerStore.Image, "sh", "-c", "echo kept > /data/f && exec sleep 1000");
        var tar = Path.Combine(store.Root, "..", "import.tar");
        Assert.Equal(0, store.Berth("volume", "export", "-o", tar, "live").ExitCode);
        var import = store.Berth("volume", "import", "live", tar);
        Assert.Equal(125, import.ExitCode);
        Assert.StartsWith($"Error: volume live is in use by running container(s) {running}", import.Stderr, StringComparison.Ordinal);
        Assert.Equal("kept\n", store.Berth("exec", running, "cat", "/data/f").Stdout);
    }

    [Fact]
    public void Prune_PromptsListsAndRemovesUnused()
    {
        Ok("volume", "create", "-l", "gc=yes", "old1");
        Ok("volume", "create", "keep");

        var declined = BerthRunner.RunWithInput(BerthRunner.Binary, null, "n\n", ["--root", Root, "--runroot", dir.Path + "/run", "volume", "prune", "--filter", "label=gc"]);
        Assert.Equal("WARNING! This will remove all volumes not used by at least one container. The following volumes will be removed:\nold1\nAre you sure you want to continue? [y/N] ", declined.Stdout);
        Assert.Equal(2, Ok("volume", "ls", "-q").Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);

        Assert.Equal("old1\n", Ok("volume", "prune", "-f", "--filter", "label=gc"));
        Assert.Equal("keep\n", Ok("volume", "prune", "-f"));
        var none = BerthRunner.RunWithInput(BerthRunner.Binary, null, "", ["--root", Root, "--runroot", dir.Path + "/run", "volume", "prune"]);
        Assert.Equal("WARNING! This will remove all volumes not used by at least one container. The following volumes will be removed:\nNo dangling volumes found\n", none.Stdout);
    }

    [Fact]
    public void ExportImport_RoundTripsContents()
    {
        Ok("volume", "create", "src");
        var src = VolumeDir("src");
        Directory.CreateDirectory(Path.Combine(src, "sub", "empty"));
        File.WriteAllText(Path.Combine(src, "sub", "f"), "hello\n");
        File.SetUnixFileMode(Path.Combine(src, "sub", "f"), (UnixFileMode)0b110_100_000);
        File.SetUnixFileMode(Path.Combine(src, "sub"), (UnixFileMode)0b111_101_000);
        File.CreateSymbolicLink(Path.Combine(src, "link"), "sub/f");
        File.CreateSymbolicLink(Path.Combine(src, "abs"), "/etc/hostname");
        Process.Start("ln", [Path.Combine(src, "sub", "f"), Path.Combine(src, "hard")])!.WaitForExit();
        var tar = Path.Combine(dir.Path, "src.tar");

        Assert.Equal("", Ok("volume", "export", "-o", tar, "src"));
        Ok("volume", "create", "dst");
        Assert.Equal("", Ok("volume", "import", "dst", tar));
        Ok("volume", "create", "piped");
        var piped = Shell($"'{BerthRunner.Binary}' --root '{Root}' --runroot '{dir.Path}/run' volume export src | '{BerthRunner.Binary}' --root '{Root}' --runroot '{dir.Path}/run' volume import piped -");
        Assert.True(piped.ExitCode == 0, piped.Stderr);

        Assert.Equal(Tree(src), Tree(VolumeDir("dst")));
        Assert.Equal(Tree(src), Tree(VolumeDir("piped")));
        Assert.Equal(UnixFileSystemInode(Path.Combine(VolumeDir("dst"), "hard")), UnixFileSystemInode(Path.Combine(VolumeDir("dst"), "sub", "f")));
    }

    [Fact]
    public void Export_ToTerminalOrMissingPlaces_IsRefused()
    {
        Ok("volume", "create", "v");

        Expect(Berth("volume", "export", "nope"), 125, "Error: no volume with name \"nope\" found: no such volume\n");
        Expect(Berth("volume", "export", "-o", "", "v"), 125, "Error: expects output path, use --output=[path]\n");
        Expect(Berth("volume", "export", "-o", "/nonexistent/x.tar", "v"), 125, "Error: could not create tarball file '/nonexistent/x.tar': open /nonexistent/x.tar: no such file or directory\n");
        var tty = Shell($"script -qec \"'{BerthRunner.Binary}' --root '{Root}' --runroot '{dir.Path}/run' volume export v\" /dev/null");
        Assert.Contains("Error: cannot write to terminal, use command-line redirection or the --output flag", tty.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("escape")]
    [InlineData("absolute")]
    [InlineData("write-through")]
    public void Import_HostileArchive_LeavesHostAndVolumeUnchanged(string kind)
    {
        Ok("volume", "create", "victim");
        File.WriteAllText(Path.Combine(VolumeDir("victim"), "mine"), "before");
        var outside = Path.Combine(dir.Path, "outside");
        Directory.CreateDirectory(outside);
        var tar = Path.Combine(dir.Path, "hostile.tar");
        using (var file = File.Create(tar))
        using (var w = new TarWriter(file, TarEntryFormat.Pax))
        {
            Add(w, "innocent", "x");
            switch (kind)
            {
                case "escape":
                    Add(w, "../../../../outside/planted", "x");
                    break;
                case "absolute":
                    Add(w, outside + "/planted", "x");
                    break;
                default:
                    w.WriteEntry(new PaxTarEntry(TarEntryType.SymbolicLink, "door") { LinkName = outside });
                    Add(w, "door/planted", "x");
                    break;
            }
        }

        var r = Berth("volume", "import", "victim", tar);

        Assert.Equal(125, r.ExitCode);
        Assert.StartsWith("Error: tar entry ", r.Stderr, StringComparison.Ordinal);
        Assert.Contains("refusing to import the archive", r.Stderr, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(outside));
        Assert.Equal(["mine"], Directory.EnumerateFileSystemEntries(VolumeDir("victim")).Select(Path.GetFileName));
    }

    [Fact]
    public void Import_Refusals()
    {
        Ok("volume", "create", "v");

        Expect(Berth("volume", "import", "v"), 125, "Error: accepts 2 arg(s), received 1\n");
        Expect(Berth("volume", "import", "nope", "/etc/hostname"), 125, "Error: no volume with name \"nope\" found: no such volume\n");
        Expect(Berth("volume", "import", "v", "/nonexistent.tar"), 125, "Error: open /nonexistent.tar: no such file or directory\n");
    }

    [Fact]
    public void MountUnmount_TmpfsVolume_IsCounted()
    {
        Ok("volume", "create", "-o", "type=tmpfs", "-o", "device=tmpfs", "-o", "o=size=10m,nodev", "t");
        Ok("volume", "create", "plain");
        var data = VolumeDir("t");

        Assert.Equal(data + "\n", Ok("volume", "mount", "t"));
        Assert.Equal(data + "\n", Ok("volume", "mount", "t"));
        Assert.Equal("2\n", Ok("volume", "inspect", "--format", "{{.MountCount}}", "t"));
        Assert.Contains(Mounts(), m => m.Point == data && m.Type == "tmpfs" && m.Super.Contains("size=10240k", StringComparison.Ordinal));
        Assert.Equal(VolumeDir("plain") + "\n", Ok("volume", "mount", "plain"));
        Assert.Equal("0\n", Ok("volume", "inspect", "--format", "{{.MountCount}}", "plain"));

        Assert.Equal("t\n", Ok("volume", "unmount", "t"));
        Assert.Contains(Mounts(), m => m.Point == data);
        Assert.Equal("t\n", Ok("volume", "unmount", "t"));
        Assert.DoesNotContain(Mounts(), m => m.Point == data);
        Assert.Equal("0\n", Ok("volume", "inspect", "--format", "{{.MountCount}}", "t"));
        Assert.Equal("t\n", Ok("volume", "unmount", "t"));
        Assert.Equal("0\n", Ok("volume", "inspect", "--format", "{{.MountCount}}", "t"));
    }

    [Fact]
    public void Help_IsPodmans() =>
        Assert.StartsWith("Manage volumes\n\nDescription:\n  Volumes are created in and can be shared between containers\n", Ok("volume", "--help"), StringComparison.Ordinal);

    private RunResult Berth(params string[] args) => BerthRunner.Run(["--root", Root, "--runroot", dir.Path + "/run", .. args]);

    private string Ok(params string[] args)
    {
        var r = Berth(args);
        Assert.True(r.ExitCode == 0, $"{string.Join(' ', args)}: {r.Stderr}");
        return r.Stdout;
    }

    private static void Expect(RunResult r, int exit, string stderr)
    {
        Assert.Equal(stderr, r.Stderr);
        Assert.Equal(exit, r.ExitCode);
    }

    private static RunResult Shell(string command) => BerthRunner.RunAs("/bin/sh", null, "-c", command);

    /// <summary>Every entry below <paramref name="root"/>: kind, mode, link target and content.</summary>
    private static List<string> Tree(string root) =>
        [.. Directory.EnumerateFileSystemEntries(root, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 })
            .Order(StringComparer.Ordinal)
            .Select(p =>
            {
                var info = new FileInfo(p);
                var rel = Path.GetRelativePath(root, p);
                return info.LinkTarget is { } target ? $"{rel} -> {target}"
                    : Directory.Exists(p) ? $"{rel}/ {File.GetUnixFileMode(p)}"
                    : $"{rel} {File.GetUnixFileMode(p)} {File.ReadAllText(p)}";
            })];

    private static string UnixFileSystemInode(string path)
    {
        var p = Process.Start(new ProcessStartInfo("stat", ["-c", "%i", path]) { RedirectStandardOutput = true })!;
        var inode = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return inode;
    }

    private static List<(string Point, string Type, string Super)> Mounts() =>
        [.. File.ReadLines("/proc/self/mountinfo").Select(l =>
        {
            var fields = l.Split(' ');
            var dash = Array.IndexOf(fields, "-");
            return (fields[4], fields[dash + 1], fields[dash + 3]);
        })];

    private static void Add(TarWriter w, string name, string content) =>
        w.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(content)) });
}

using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using Berth.Oci;
using Berth.TestSupport;

namespace Berth.E2E.Tests;

/// <summary>
/// image prune/mount/unmount/diff/tree and NamesHistory with the built binary against a real docker-registry, each test
/// in its own store. A base image (busybox) and a child (busybox plus one layer, history one longer) are pushed raw.
/// Whatever a test mounted is unmounted in Dispose, even when the test failed.
/// </summary>
public sealed class ImageMaintenanceTests : IAsyncLifetime, IDisposable
{
    private readonly TempDir _dir = new();
    private RegistryFixture _registry = null!;
    private TestImage _base = null!;
    private TestImage _child = null!;
    private TestImage _deleter = null!;

    public async Task InitializeAsync()
    {
        _registry = await RegistryFixture.StartAsync();
        _base = TestImageBuilder.Busybox().Build();
        _child = TestImageBuilder.Busybox().Label("keep", "yes").Layer(l => l.File("etc/motd", "hello\n")).Build();
        _deleter = TestImageBuilder.Busybox().Layer(l => l.File("bin/.wh.cat", "")).Build();
        await _base.PushRawAsync(_registry, "test/base", "latest");
        await _child.PushRawAsync(_registry, "test/child", "latest");
        await _deleter.PushRawAsync(_registry, "test/deleter", "latest");
    }

    public async Task DisposeAsync() => await _registry.DisposeAsync();

    public void Dispose()
    {
        Berth("image", "unmount", "--all", "--force");
        foreach (var point in MountPointsUnder(_dir.Path))
        {
            using var umount = Process.Start("umount", ["-l", point]);
            umount.WaitForExit();
        }

        _dir.Dispose();
    }

    private string Ref(string repo) => $"{_registry.Host}/{repo}:latest";

    private string[] Globals => ["--root", _dir.Path + "/root", "--runroot", _dir.Path + "/run"];

    private RunResult Berth(params string[] args) => BerthRunner.Run([.. Globals, .. args]);

    private RunResult BerthWithInput(string stdin, params string[] args) => BerthRunner.RunWithInput(BerthRunner.Binary, null, stdin, [.. Globals, .. args]);

    private static string IdOf(TestImage image) => image.Config.Descriptor.Digest.Encoded;

    private void Pull(params string[] repos)
    {
        foreach (var repo in repos)
        {
            var r = Berth("pull", "-q", "--tls-verify=false", Ref(repo));
            Assert.True(r.ExitCode == 0, r.Stderr);
        }
    }

    private static List<string> MountPointsUnder(string path) =>
        File.ReadLines("/proc/self/mountinfo")
            .Select(l => l.Split(' ')[4])
            .Where(p => p.StartsWith(path + "/", StringComparison.Ordinal))
            .OrderByDescending(p => p.Length)
            .ToList();

    private string Files(string sub) => Path.Combine(_dir.Path, "root", sub);

    [Fact]
    public void Prune_Dangling_AsksThenRemovesIterativelyAndCollectsEverything()
    {
        Pull("test/base", "test/child");
        Assert.Equal(0, Berth("untag", Ref("test/base")).ExitCode);

        const string Prompt = "WARNING! This command removes all dangling images.\nAre you sure you want to continue? [y/N] ";
        var no = BerthWithInput("n\n", "image", "prune");
        Assert.Equal(0, no.ExitCode);
        Assert.Equal(Prompt, no.Stdout);

        // The untagged base has a child image: it is intermediate, not dangling.
        var none = Berth("image", "prune", "-f");
        Assert.Equal(0, none.ExitCode);
        Assert.Equal("", none.Stdout);
        Assert.Equal(2, Berth("images", "-q").Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);

        Assert.Equal(0, Berth("untag", Ref("test/child")).ExitCode);
        var yes = BerthWithInput("y\n", "image", "prune");
        Assert.Equal(0, yes.ExitCode);
        Assert.Equal($"{Prompt}{IdOf(_child)}\n{IdOf(_base)}\n", yes.Stdout);
        Assert.Equal("", Berth("images", "-q").Stdout);
        Assert.Empty(Directory.EnumerateFiles(Files("blobs"), "*", SearchOption.AllDirectories));
        Assert.DoesNotContain(
            Directory.EnumerateDirectories(Files("layers")).SelectMany(Directory.EnumerateDirectories),
            d => Path.GetFileName(d).Length == 64);
    }

    [Fact]
    public void Prune_AllWithFilters_RemovesOnlyWhatTheFiltersSelect()
    {
        Pull("test/base", "test/child");
        var kept = Berth("image", "prune", "-a", "-f", "--filter", "until=2000-01-01T00:00:00Z");
        Assert.Equal("", kept.Stdout);

        var prompt = BerthWithInput("N\n", "image", "prune", "--all");
        Assert.Equal("WARNING! This command removes all images without at least one container associated with them.\nAre you sure you want to continue? [y/N] ", prompt.Stdout);

        var r = Berth("image", "prune", "-a", "-f", "--filter", "label!=keep");
        Assert.Equal(0, r.ExitCode);
        Assert.Equal(IdOf(_base) + "\n", r.Stdout);
        Assert.Equal($"{Ref("test/child")}\n", Berth("images", "--format", "{{.Repository}}:{{.Tag}}").Stdout);
        Assert.Contains("hello", File.ReadAllText(Directory.EnumerateFiles(Files("layers"), "motd", SearchOption.AllDirectories).First()), StringComparison.Ordinal);

        Assert.Equal(IdOf(_child) + "\n", Berth("image", "prune", "-a", "-f", "--filter", "label=keep=yes").Stdout);
        Assert.Equal("", Berth("images", "-q").Stdout);
    }

    [Fact]
    public void Prune_BadInput_OneErrorLineAndNothingRemoved()
    {
        Pull("test/base");
        Assert.Equal(0, Berth("untag", Ref("test/base")).ExitCode);

        var bogus = Berth("image", "prune", "-f", "--filter", "bogus=1");
        Assert.Equal(125, bogus.ExitCode);
        Assert.Equal("Error: unsupported image filter \"bogus\"\n", bogus.Stderr);
        var shape = Berth("image", "prune", "-f", "--filter", "nokey");
        Assert.Equal("Error: filter input must be in the form of filter=value: nokey is invalid\n", shape.Stderr);
        var eof = BerthWithInput("", "image", "prune");
        Assert.Equal(125, eof.ExitCode);
        Assert.Equal("Error: EOF\n", eof.Stderr);
        var external = Berth("image", "prune", "-f", "--external");
        Assert.Equal(125, external.ExitCode);
        Assert.StartsWith("Error: --external is not supported", external.Stderr, StringComparison.Ordinal);
        var args = Berth("image", "prune", "extra");
        Assert.Equal(125, args.ExitCode);
        Assert.Contains("takes no arguments", args.Stderr, StringComparison.Ordinal);

        Assert.Equal(IdOf(_base)[..12] + "\n", Berth("images", "-q").Stdout);
    }

    [Fact]
    public void MountUnmount_CountedPersistedAndListed()
    {
        Pull("test/child");
        var first = Berth("image", "mount", Ref("test/child"));
        Assert.Equal(0, first.ExitCode);
        var path = first.Stdout.TrimEnd('\n');
        Assert.StartsWith(Files("layers") + "/", path, StringComparison.Ordinal);
        Assert.EndsWith("/merged", path, StringComparison.Ordinal);
        Assert.Equal("hello\n", File.ReadAllText(Path.Combine(path, "etc/motd")));
        Assert.True(File.Exists(Path.Combine(path, "bin/busybox")));
        Assert.Equal(path + "\n", Berth("image", "mount", IdOf(_child)[..12]).Stdout);

        var list = Berth("image", "mount");
        Assert.Equal(0, list.ExitCode);
        Assert.Matches($"^{Regex.Escape(Ref("test/child"))} +{Regex.Escape(path)}\n$", list.Stdout);
        using (var json = JsonDocument.Parse(Berth("image", "mount", "--format", "json").Stdout))
        {
            var entry = Assert.Single(json.RootElement.EnumerateArray());
            Assert.Equal(IdOf(_child), entry.GetProperty("id").GetString());
            Assert.Equal(_child.Digest.ToString(), entry.GetProperty("Names")[0].GetString());
            Assert.Equal(Ref("test/child"), entry.GetProperty("Repositories")[0].GetString());
            Assert.Equal(path, entry.GetProperty("mountpoint").GetString());
        }

        // Two mounts need two unmounts; each prints the ID.
        Assert.Equal(IdOf(_child) + "\n", Berth("image", "unmount", Ref("test/child")).Stdout);
        Assert.True(File.Exists(Path.Combine(path, "etc/motd")));
        Assert.Equal(IdOf(_child) + "\n", Berth("image", "umount", Ref("test/child")).Stdout);
        Assert.Empty(MountPointsUnder(_dir.Path));
        Assert.Equal("", Berth("image", "mount").Stdout);

        // podman 4.3 skips an image that is not mounted without a word.
        var again = Berth("image", "unmount", Ref("test/child"));
        Assert.Equal(0, again.ExitCode);
        Assert.Equal("", again.Stdout + again.Stderr);
    }

    [Fact]
    public void MountUnmount_AllAndForce()
    {
        Pull("test/base", "test/child");
        var all = Berth("image", "mount", "--all");
        Assert.Equal(0, all.ExitCode);
        Assert.Equal(2, all.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Equal(0, Berth("image", "mount", Ref("test/base")).ExitCode);

        var unmounted = Berth("image", "unmount", "--all", "--force");
        Assert.Equal(0, unmounted.ExitCode);
        Assert.Equal(new[] { IdOf(_base), IdOf(_child) }.Order(), unmounted.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order());
        Assert.Empty(MountPointsUnder(_dir.Path));
    }

    [Fact]
    public void RemovingMountedImages_UnmountsThemFirst()
    {
        Pull("test/base", "test/child");
        Assert.Equal(0, Berth("image", "mount", Ref("test/base"), Ref("test/child")).ExitCode);
        Assert.Equal(2, MountPointsUnder(_dir.Path).Count);

        Assert.Equal(0, Berth("rmi", Ref("test/child")).ExitCode);
        Assert.Single(MountPointsUnder(_dir.Path));
        var pruned = Berth("image", "prune", "-a", "-f");
        Assert.Equal(IdOf(_base) + "\n", pruned.Stdout);
        Assert.Empty(MountPointsUnder(_dir.Path));
        Assert.Equal("", Berth("image", "mount").Stdout);
    }

    [Fact]
    public void MountUnmount_BadInput_OneErrorLineAndNothingMounted()
    {
        Pull("test/base");
        var unknown = Berth("image", "mount", Ref("test/base"), "nothere");
        Assert.Equal(125, unknown.ExitCode);
        Assert.Equal("Error: nothere: image not known\n", unknown.Stderr);
        Assert.Empty(MountPointsUnder(_dir.Path));
        Assert.Equal("Error: when using the --all switch, you may not pass any image names or IDs\n", Berth("image", "mount", "-a", "x").Stderr);
        Assert.Equal("Error: unknown --format argument: \"yaml\"\n", Berth("image", "mount", "--format", "yaml", Ref("test/base")).Stderr);
        Assert.Empty(MountPointsUnder(_dir.Path));
        Assert.Equal("Error: image name or ID must be specified\n", Berth("image", "unmount").Stderr);
        Assert.Equal("Error: nothere: image not known\n", Berth("image", "unmount", "nothere").Stderr);
    }

    [Fact]
    public void Diff_ImageAgainstParentAndOtherImage_PodmansLinesAndJson()
    {
        Pull("test/base", "test/child", "test/deleter");
        var r = Berth("image", "diff", Ref("test/child"));
        Assert.Equal(0, r.ExitCode);
        Assert.Equal("A /etc\nA /etc/motd\n", r.Stdout);
        Assert.Equal("C /bin\nD /bin/cat\n", Berth("diff", Ref("test/deleter")).Stdout);
        Assert.Equal("A /etc\nA /etc/motd\n", Berth("image", "diff", Ref("test/child"), Ref("test/base")).Stdout);
        Assert.Equal("D /etc\n", Berth("image", "diff", Ref("test/base"), Ref("test/child")).Stdout);
        Assert.Equal("C /bin\nA /bin/cat\nA /etc\nA /etc/motd\n", Berth("image", "diff", Ref("test/child"), Ref("test/deleter")).Stdout);

        var json = Berth("diff", "--format", "json", Ref("test/child"));
        Assert.Equal("{\n     \"added\": [\n          \"/etc\",\n          \"/etc/motd\"\n     ]\n}\n", json.Stdout);

        // A base image against nothing: everything is added.
        Assert.Contains("A /bin/busybox\n", Berth("image", "diff", Ref("test/base")).Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void DiffAndMount_OnVfs_SameAsOverlay()
    {
        foreach (var repo in new[] { "test/child", "test/deleter" })
        {
            Assert.Equal(0, Berth("--storage-driver", "vfs", "pull", "-q", "--tls-verify=false", Ref(repo)).ExitCode);
        }

        Assert.Equal("A /etc\nA /etc/motd\n", Berth("--storage-driver", "vfs", "image", "diff", Ref("test/child")).Stdout);
        Assert.Equal("C /bin\nD /bin/cat\n", Berth("--storage-driver", "vfs", "image", "diff", Ref("test/deleter")).Stdout);
        Assert.Equal("C /bin\nA /bin/cat\nA /etc\nA /etc/motd\n", Berth("--storage-driver", "vfs", "image", "diff", Ref("test/child"), Ref("test/deleter")).Stdout);
        var path = Berth("--storage-driver", "vfs", "image", "mount", Ref("test/child")).Stdout.TrimEnd('\n');
        Assert.Equal("hello\n", File.ReadAllText(Path.Combine(path, "etc/motd")));
        Assert.Equal(IdOf(_child) + "\n", Berth("--storage-driver", "vfs", "image", "unmount", Ref("test/child")).Stdout);
        Assert.Empty(MountPointsUnder(_dir.Path));
    }

    [Fact]
    public void Diff_BadInput_PodmansErrors()
    {
        Pull("test/base");
        Assert.Equal("Error: nothere not found: nothere: image not known\n", Berth("image", "diff", "nothere").Stderr);
        Assert.Equal("Error: nothere not found: layer not known\n", Berth("diff", "nothere").Stderr);
        Assert.Equal("Error: only supported value for '--format' is 'json'\n", Berth("image", "diff", "--format", "xml", Ref("test/base")).Stderr);
        var none = Berth("diff");
        Assert.Equal(125, none.ExitCode);
        Assert.Contains("requires a name, id, or the \"--latest\" flag", none.Stderr, StringComparison.Ordinal);
        Assert.Equal("Error: --latest and containers cannot be used together\n", Berth("diff", "-l", "x").Stderr);
        Assert.Equal("Error: accepts between 1 and 2 arg(s), received 3\n", Berth("image", "diff", "a", "b", "c").Stderr);
    }

    [Fact]
    public void Tree_LayersBaseFirstAndWhatRequires()
    {
        Pull("test/base", "test/child");
        // Layer IDs are chain IDs: ChainID(L0) = DiffID(L0), ChainID(L1) = sha256(ChainID(L0) + " " + DiffID(L1)).
        var chain0 = _child.DiffIds[0];
        var chain1 = Digest.Compute(System.Text.Encoding.UTF8.GetBytes($"{chain0} {_child.DiffIds[1]}"));
        var size = @"\s*[0-9.]+[kMG]?B";

        var tree = Berth("image", "tree", Ref("test/child"));
        Assert.Equal(0, tree.ExitCode);
        Assert.Matches(
            $"^Image ID: {IdOf(_child)[..12]}\nTags:     \\[{Regex.Escape(Ref("test/child"))}\\]\nSize:     [0-9.]+[kMG]?B\nImage Layers\n" +
            $"├── ID: {chain0.Encoded[..12]} Size:{size} Top Layer of: \\[{Regex.Escape(Ref("test/base"))}\\]\n" +
            $"└── ID: {chain1.Encoded[..12]} Size:{size} Top Layer of: \\[{Regex.Escape(Ref("test/child"))}\\]\n\n$",
            tree.Stdout);

        var requires = Berth("image", "tree", "--whatrequires", Ref("test/base"));
        Assert.Matches(
            $"\nImage Layers\n├── ID: {chain0.Encoded[..12]} Size:{size} Top Layer of: \\[{Regex.Escape(Ref("test/base"))}\\]\n" +
            $"└── ID: {chain1.Encoded[..12]} Size:{size} Top Layer of: \\[{Regex.Escape(Ref("test/child"))}\\]\n\n$",
            requires.Stdout);

        Assert.Equal("Error: nothere: image not known\n", Berth("image", "tree", "nothere").Stderr);
    }

    [Fact]
    public void NamesHistory_KeepsRemovedNamesInInspectAndImagesHistory()
    {
        Pull("test/child");
        Assert.Equal(0, Berth("tag", Ref("test/child"), "r1").ExitCode);
        Assert.Equal($"localhost/r1:latest, {Ref("test/child")}\n", Berth("images", "--format", "{{.History}}").Stdout.Split('\n')[0] + "\n");
        Assert.Equal(0, Berth("rmi", "r1").ExitCode);
        Assert.Equal(0, Berth("tag", Ref("test/child"), "r2").ExitCode);
        Assert.Equal(0, Berth("rmi", "r2").ExitCode);

        var expected = $"{Ref("test/child")}, localhost/r2:latest, localhost/r1:latest";
        Assert.Equal(expected + "\n", Berth("images", "--format", "{{.History}}").Stdout);
        Assert.Equal($"[{Ref("test/child")} localhost/r2:latest localhost/r1:latest]\n", Berth("image", "inspect", "--format", "{{.NamesHistory}}", Ref("test/child")).Stdout);
        Assert.Contains(expected, Berth("images", "--history").Stdout, StringComparison.Ordinal);

        // An image that never had a name: containers/storage's history is nil, podman's inspect prints null.
        var root = Directory.CreateDirectory(Path.Combine(_dir.Path, "rootfs")).FullName;
        File.WriteAllText(Path.Combine(root, "f"), "f");
        var tar = Path.Combine(_dir.Path, "f.tar");
        System.Formats.Tar.TarFile.CreateFromDirectory(root, tar, includeBaseDirectory: false);
        var id = Berth("import", "-q", tar).Stdout.Trim();
        Assert.Equal("null\n", Berth("image", "inspect", "--format", "{{json .NamesHistory}}", id).Stdout);
    }
}

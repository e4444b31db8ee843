using System.Text.Json;
using Berth.Oci;
using Berth.TestSupport;

namespace Berth.E2E.Tests;

/// <summary>
/// pull/images/inspect/tag/untag/rmi/history/exists with the built binary against a real docker-registry, each test in
/// its own store (--root/--runroot in a temp dir). Images are made from busybox-static by TestSupport and pushed raw.
/// </summary>
public sealed class ImageTests : IAsyncLifetime, IDisposable
{
    private readonly TempDir _dir = new();
    private RegistryFixture _registry = null!;
    private TestImage _busybox = null!;

    public async Task InitializeAsync()
    {
        _registry = await RegistryFixture.StartAsync();
        _busybox = TestImageBuilder.Busybox().Label("org.example.title", "busybox test")
            .Layer(l => l.File("etc/motd", "hello from layer two\n")).Build();
        await _busybox.PushRawAsync(_registry, "test/busybox", "latest");
        await _busybox.PushRawAsync(_registry, "test/busybox", "1.0");
    }

    public async Task DisposeAsync() => await _registry.DisposeAsync();

    public void Dispose() => _dir.Dispose();

    private string Ref(string repoTag) => $"{_registry.Host}/{repoTag}";

    private RunResult Berth(params string[] args) =>
        BerthRunner.Run(["--root", _dir.Path + "/root", "--runroot", _dir.Path + "/run", .. args]);

    private static string IdOf(TestImage image) => image.Config.Descriptor.Digest.Encoded;

    [Fact]
    public void Pull_ByTag_StoresVerifiedImageAndPrintsId()
    {
        var r = Berth("pull", "--tls-verify=false", Ref("test/busybox"));
        Assert.Equal(0, r.ExitCode);
        Assert.Equal(IdOf(_busybox) + "\n", r.Stdout);
        Assert.Contains($"Trying to pull {Ref("test/busybox:latest")}...", r.Stderr, StringComparison.Ordinal);
        Assert.Contains($"Copying blob {_busybox.Layers[0].Descriptor.Digest} done", r.Stderr, StringComparison.Ordinal);
        Assert.Contains("Writing manifest to image destination", r.Stderr, StringComparison.Ordinal);

        var images = Berth("images", "--format", "{{.Repository}}:{{.Tag}} {{.ID}}");
        Assert.Equal($"{Ref("test/busybox")}:latest {IdOf(_busybox)[..12]}\n", images.Stdout);

        using var inspect = JsonDocument.Parse(Berth("image", "inspect", Ref("test/busybox")).Stdout);
        var data = inspect.RootElement[0];
        Assert.Equal(IdOf(_busybox), data.GetProperty("Id").GetString());
        Assert.Equal(_busybox.Digest.ToString(), data.GetProperty("Digest").GetString());
        Assert.Equal(_busybox.DiffIds.Select(d => d.ToString()), data.GetProperty("RootFS").GetProperty("Layers").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("busybox test", data.GetProperty("Labels").GetProperty("org.example.title").GetString());
        Assert.Equal($"{Ref("test/busybox")}@{_busybox.Digest}", data.GetProperty("RepoDigests")[0].GetString());

        // The layers are really unpacked: busybox and the second layer's file exist in the store.
        var files = Directory.EnumerateFiles(_dir.Path + "/root/layers", "*", SearchOption.AllDirectories).ToList();
        Assert.Contains(files, f => f.EndsWith("/bin/busybox", StringComparison.Ordinal));
        Assert.Contains(files, f => f.EndsWith("/etc/motd", StringComparison.Ordinal) && File.ReadAllText(f) == "hello from layer two\n");
    }

    [Fact]
    public void Pull_TwiceAndOtherTag_ReusesBlobsAndAddsName()
    {
        Assert.Equal(0, Berth("pull", "-q", "--tls-verify=false", Ref("test/busybox:latest")).ExitCode);
        var again = Berth("pull", "--tls-verify=false", Ref("test/busybox:1.0"));
        Assert.Equal(0, again.ExitCode);
        Assert.Contains("skipped: already exists", again.Stderr, StringComparison.Ordinal);
        Assert.Equal(2, Berth("images", "-q", "--no-trunc").Stdout.Length > 0 ? Berth("images", "--format", "{{.Tag}}").Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length : 0);
        var missing = Berth("pull", "--policy", "missing", "--tls-verify=false", Ref("test/busybox:1.0"));
        Assert.Equal("", missing.Stderr);
        Assert.Equal(IdOf(_busybox) + "\n", missing.Stdout);
    }

    [Fact]
    public void Pull_AllTags_PullsEveryTag()
    {
        var r = Berth("pull", "-q", "--all-tags", "--tls-verify=false", Ref("test/busybox"));
        Assert.Equal(0, r.ExitCode);
        Assert.Equal($"{IdOf(_busybox)}\n{IdOf(_busybox)}\n", r.Stdout);
        Assert.Equal("1.0\nlatest\n", Berth("images", "--format", "{{.Tag}}", "--sort", "tag").Stdout);
        var tagged = Berth("pull", "--all-tags", "--tls-verify=false", Ref("test/busybox:1.0"));
        Assert.Equal(125, tagged.ExitCode);
        Assert.Contains("tag can't be used with --all-tags/-a", tagged.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Save_DockerAndOciArchives_ReadBackVerified()
    {
        Assert.Equal(0, Berth("pull", "-q", "--tls-verify=false", Ref("test/busybox")).ExitCode);
        var docker = Path.Combine(_dir.Path, "img.tar");
        var r = Berth("save", "-o", docker, Ref("test/busybox"));
        Assert.Equal(0, r.ExitCode);
        Assert.Equal("", r.Stderr);
        using (var reader = await global::Berth.Archive.DockerArchiveReader.OpenAsync(docker, _dir.Path, CancellationToken.None))
        {
            var item = Assert.Single(reader.Items);
            Assert.Equal([$"{Ref("test/busybox")}:latest"], item.RepoTags);
            Assert.Equal(_busybox.DiffIds.Count, item.Layers.Count);
        }

        var oci = Path.Combine(_dir.Path, "img-oci.tar");
        Assert.Equal(0, Berth("save", "--format", "oci-archive", "-o", oci, Ref("test/busybox")).ExitCode);
        Assert.True(File.Exists(oci));
        Assert.Contains("blobs/sha256/" + _busybox.Digest.Encoded, ListTar(oci));
        Assert.Contains("index.json", ListTar(oci));

        var bad = Berth("save", "-o", Path.Combine(_dir.Path, "none.tar"), "nothere");
        Assert.Equal(125, bad.ExitCode);
        Assert.Equal("Error: nothere: image not known\n", bad.Stderr);
        Assert.Empty(Directory.EnumerateFiles(_dir.Path, "none.tar*"));
    }

    [Fact]
    public void Load_ArchivesSavedByBerth_RestoreTheImage()
    {
        Assert.Equal(0, Berth("pull", "-q", "--tls-verify=false", Ref("test/busybox")).ExitCode);
        var docker = Path.Combine(_dir.Path, "d.tar");
        var oci = Path.Combine(_dir.Path, "o.tar");
        Assert.Equal(0, Berth("save", "-o", docker, Ref("test/busybox")).ExitCode);
        Assert.Equal(0, Berth("save", "--format", "oci-archive", "-o", oci, Ref("test/busybox")).ExitCode);
        Assert.Equal(0, Berth("rmi", Ref("test/busybox")).ExitCode);

        var load = Berth("load", "-i", docker);
        Assert.Equal(0, load.ExitCode);
        Assert.Equal($"Loaded image: {Ref("test/busybox")}:latest\n", load.Stdout);
        Assert.Equal(IdOf(_busybox) + "\n", Berth("image", "inspect", "--format", "{{.ID}}", Ref("test/busybox")).Stdout);
        Assert.Equal(0, Berth("rmi", Ref("test/busybox")).ExitCode);

        var loadOci = Berth("load", "-i", oci);
        Assert.Equal(0, loadOci.ExitCode);
        Assert.Equal($"Loaded image: {Ref("test/busybox")}:latest\n", loadOci.Stdout);
        Assert.Equal(_busybox.Digest + "\n", Berth("image", "inspect", "--format", "{{.Digest}}", Ref("test/busybox")).Stdout);

        var junk = Path.Combine(_dir.Path, "junk.tar");
        File.WriteAllText(junk, "not an archive");
        var bad = Berth("load", "-i", junk);
        Assert.Equal(125, bad.ExitCode);
        Assert.StartsWith("Error: payload does not match any of the supported image formats", bad.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Import_TarballWithChanges_MakesOneLayerImage()
    {
        var root = Path.Combine(_dir.Path, "rootfs");
        Directory.CreateDirectory(root + "/etc");
        File.WriteAllText(root + "/etc/hello", "imported\n");
        var tar = Path.Combine(_dir.Path, "rootfs.tar");
        System.Formats.Tar.TarFile.CreateFromDirectory(root, tar, includeBaseDirectory: false);
        var r = Berth("import", "--change", "CMD [\"/bin/sh\"]", "-c", "ENV A=1", "-c", "EXPOSE 80", "-c", "LABEL x=y", "-c", "WORKDIR /w", "-m", "my msg", tar, "imp:2");
        Assert.Equal(0, r.ExitCode);
        Assert.Matches("^sha256:[0-9a-f]{64}\n$", r.Stdout);
        Assert.Contains("Writing manifest to image destination", r.Stderr, StringComparison.Ordinal);
        var config = Berth("image", "inspect", "--format", "{{json .Config}} {{.Comment}}", "localhost/imp:2").Stdout;
        Assert.Equal("{\"ExposedPorts\":{\"80/tcp\":{}},\"Env\":[\"A=1\"],\"Cmd\":[\"/bin/sh\"],\"WorkingDir\":\"/w\",\"Labels\":{\"x\":\"y\"}} my msg\n", config);
        var files = Directory.EnumerateFiles(_dir.Path + "/root/layers", "hello", SearchOption.AllDirectories).ToList();
        Assert.Contains(files, f => File.ReadAllText(f) == "imported\n");

        var bad = Berth("import", "--change", "BOGUS x", tar);
        Assert.Equal(125, bad.ExitCode);
        Assert.Equal("Error: invalid change \"BOGUS x\" - invalid instruction BOGUS\n", bad.Stderr);
    }

    private static List<string> ListTar(string path)
    {
        using var stream = File.OpenRead(path);
        using var tar = new System.Formats.Tar.TarReader(stream);
        var names = new List<string>();
        while (tar.GetNextEntry() is { } e)
        {
            names.Add(e.Name.TrimStart('.', '/'));
        }

        return names;
    }

    [Fact]
    public void TagUntagRmiExists_FollowPodman()
    {
        Assert.Equal(0, Berth("pull", "-q", "--tls-verify=false", Ref("test/busybox")).ExitCode);
        Assert.Equal(0, Berth("tag", Ref("test/busybox"), "mine", "other:2").ExitCode);
        var tags = Berth("images", "--format", "{{.Repository}}:{{.Tag}}", "--sort", "repository").Stdout;
        Assert.Equal($"{Ref("test/busybox")}:latest\nlocalhost/mine:latest\nlocalhost/other:2\n", tags);
        Assert.Equal(0, Berth("image", "exists", "mine").ExitCode);
        Assert.Equal(1, Berth("image", "exists", "nothere").ExitCode);

        Assert.Equal("Untagged: localhost/mine:latest\n", Berth("rmi", "mine").Stdout);
        Assert.Equal(0, Berth("untag", IdOf(_busybox)[..12], "other:2").ExitCode);
        var rmi = Berth("rmi", Ref("test/busybox"));
        Assert.Equal($"Untagged: {Ref("test/busybox")}:latest\nDeleted: {IdOf(_busybox)}\n", rmi.Stdout);
        Assert.Equal("", Berth("images", "-q").Stdout);
        Assert.Empty(Directory.EnumerateFiles(_dir.Path + "/root/blobs", "*", SearchOption.AllDirectories));

        var unknown = Berth("rmi", "nothere");
        Assert.Equal(1, unknown.ExitCode);
        Assert.Equal("Error: nothere: image not known\n", unknown.Stderr);
    }

    [Fact]
    public void History_ListsConfigHistoryNewestFirst()
    {
        Assert.Equal(0, Berth("pull", "-q", "--tls-verify=false", Ref("test/busybox")).ExitCode);
        var r = Berth("history", "--format", "{{.ID}}|{{.Size}}", Ref("test/busybox"));
        Assert.Equal(0, r.ExitCode);
        var lines = r.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith(IdOf(_busybox)[..12] + "|", lines[0], StringComparison.Ordinal);
        Assert.All(lines.Skip(1), l => Assert.StartsWith("<missing>|", l, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Pull_MultiPlatformIndex_ChoosesHostPlatform()
    {
        var arm = TestImageBuilder.Busybox().Platform("linux", "arm64", "v8").Layer(l => l.File("arch", "arm64\n")).Build();
        var index = TestImageIndex.Create(TestImageFormat.Oci, arm, _busybox);
        await index.PushRawAsync(_registry, "test/multi", "latest");
        var r = Berth("pull", "-q", "--tls-verify=false", Ref("test/multi"));
        Assert.Equal(0, r.ExitCode);
        Assert.Equal(IdOf(_busybox) + "\n", r.Stdout);
        var armPull = Berth("pull", "-q", "--tls-verify=false", "--platform", "linux/arm64", Ref("test/multi"));
        Assert.Equal(IdOf(arm) + "\n", armPull.Stdout);
        var none = Berth("pull", "-q", "--tls-verify=false", "--arch", "s390x", Ref("test/multi"));
        Assert.Equal(125, none.ExitCode);
        Assert.Contains("no image found in manifest list for architecture \"s390x\"", none.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Pull_UnknownTag_OneClearErrorAndEmptyStore()
    {
        var r = Berth("pull", "--tls-verify=false", Ref("test/busybox:nope"));
        Assert.Equal(125, r.ExitCode);
        var error = r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries).Last();
        Assert.StartsWith($"Error: initializing source docker://{Ref("test/busybox:nope")}: ", error, StringComparison.Ordinal);
        Assert.Contains("manifest unknown", error, StringComparison.Ordinal);
        Assert.Equal("", Berth("images", "-q").Stdout);
    }

    [Fact]
    public async Task Pull_CorruptBlobInRegistry_RefusedAndStoreUnchanged()
    {
        var corrupt = TestImageBuilder.Busybox().Layer(l => l.File("x", "original\n")).Build();
        await corrupt.PushRawAsync(_registry, "test/corrupt", "latest");
        var blob = _registry.BlobPath(corrupt.Layers[1].Descriptor.Digest);
        var bytes = File.ReadAllBytes(blob);
        bytes[^5] ^= 0xFF;
        File.WriteAllBytes(blob, bytes);
        var r = Berth("pull", "--tls-verify=false", Ref("test/corrupt"));
        Assert.Equal(125, r.ExitCode);
        Assert.Contains(corrupt.Layers[1].Descriptor.Digest.ToString(), r.Stderr, StringComparison.Ordinal);
        Assert.Equal("", Berth("images", "-q").Stdout);
        Assert.False(File.Exists(_dir.Path + "/root/blobs/sha256/" + corrupt.Layers[1].Descriptor.Digest.Encoded));
    }

    [Fact]
    public void Pull_ShortNameWithSearchRegistry_ResolvesThroughRegistriesConf()
    {
        var conf = Path.Combine(_dir.Path, "registries.conf");
        File.WriteAllText(conf, $"unqualified-search-registries = [\"{_registry.Host}\"]\n[[registry]]\nlocation = \"{_registry.Host}\"\ninsecure = true\n");
        var env = new Dictionary<string, string?> { ["CONTAINERS_REGISTRIES_CONF"] = conf };
        var r = BerthRunner.RunWithEnv(env, "--root", _dir.Path + "/root", "--runroot", _dir.Path + "/run", "pull", "test/busybox");
        Assert.Equal(0, r.ExitCode);
        Assert.Contains($"Trying to pull {Ref("test/busybox:latest")}...", r.Stderr, StringComparison.Ordinal);
        var byShortName = BerthRunner.RunWithEnv(env, "--root", _dir.Path + "/root", "--runroot", _dir.Path + "/run", "image", "inspect", "--format", "{{.ID}}", "test/busybox");
        Assert.Equal(IdOf(_busybox) + "\n", byShortName.Stdout);
    }

    [Fact]
    public void Pull_ShortNameWithoutSearchRegistries_PodmansError()
    {
        var conf = Path.Combine(_dir.Path, "empty-registries.conf");
        File.WriteAllText(conf, "");
        var r = BerthRunner.RunWithEnv(new Dictionary<string, string?> { ["CONTAINERS_REGISTRIES_CONF"] = conf }, "--root", _dir.Path + "/root", "--runroot", _dir.Path + "/run", "pull", "berth-no-such-alias");
        Assert.Equal(125, r.ExitCode);
        Assert.Equal($"Error: short-name \"berth-no-such-alias\" did not resolve to an alias and no unqualified-search registries are defined in \"{conf}\"\n", r.Stderr);
    }

    [Fact]
    public void Pull_PolicyRejectsScope_RefusedBeforeAnyDownload()
    {
        var policy = Path.Combine(_dir.Path, "policy.json");
        var json = "{\"default\":[{\"type\":\"insecureAcceptAnything\"}],\"transports\":{\"docker\":{\"" + _registry.Host + "/test\":[{\"type\":\"reject\"}]}}}";
        File.WriteAllText(policy, json);
        var r = Berth("pull", "--signature-policy", policy, "--tls-verify=false", Ref("test/busybox"));
        Assert.Equal(125, r.ExitCode);
        Assert.EndsWith($"Error: initializing source docker://{Ref("test/busybox:latest")}: Source image rejected: Running image docker://{Ref("test/busybox:latest")} is rejected by policy.\n", r.Stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_dir.Path + "/root/blobs/sha256") && Directory.EnumerateFiles(_dir.Path + "/root/blobs/sha256").Any());
        var signed = Path.Combine(_dir.Path, "signed.json");
        File.WriteAllText(signed, """{"default":[{"type":"signedBy","keyType":"GPGKeys","keyPath":"/nonexistent.gpg"}]}""");
        var refused = Berth("pull", "--signature-policy", signed, "--tls-verify=false", Ref("test/busybox"));
        Assert.Equal(125, refused.ExitCode);
        Assert.Contains("cannot verify signatures yet", refused.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Pull_MalformedReference_Refused()
    {
        var r = Berth("pull", "Busy:Box:x");
        Assert.Equal(125, r.ExitCode);
        Assert.StartsWith("Error: parsing reference \"Busy:Box:x\": invalid reference format", r.Stderr, StringComparison.Ordinal);
    }
}

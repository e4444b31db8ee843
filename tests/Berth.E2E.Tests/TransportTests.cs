using System.Text.Json;
using Berth.Oci;
using Berth.TestSupport;

namespace Berth.E2E.Tests;

/// <summary>
/// push, pull from every transport, save to directories and the skopeo commands (inspect, copy, list-tags, delete,
/// sync) with the built binary against a real docker-registry; every image comes back with the ID it started with.
/// </summary>
public sealed class TransportTests : IAsyncLifetime, IDisposable
{
    private readonly TempDir _dir = new();
    private RegistryFixture _registry = null!;
    private TestImage _busybox = null!;

    public async Task InitializeAsync()
    {
        _registry = await RegistryFixture.StartAsync();
        _busybox = TestImageBuilder.Busybox().Label("org.example.title", "transport test")
            .Layer(l => l.File("etc/motd", "second layer\n")).Build();
        await _busybox.PushRawAsync(_registry, "test/busybox", "latest");
        await _busybox.PushRawAsync(_registry, "test/busybox", "1.0");
    }

    public async Task DisposeAsync() => await _registry.DisposeAsync();

    public void Dispose() => _dir.Dispose();

    private string Ref(string repoTag) => $"{_registry.Host}/{repoTag}";

    private string IdOf(TestImage image) => image.Config.Descriptor.Digest.Encoded;

    private RunResult Berth(params string[] args) => BerthRunner.Run(["--root", _dir.Path + "/root", "--runroot", _dir.Path + "/run", .. args]);

    private RunResult Other(params string[] args) => BerthRunner.Run(["--root", _dir.Path + "/root2", "--runroot", _dir.Path + "/run2", .. args]);

    private static RunResult Skopeo(params string[] args) => BerthRunner.Run(["skopeo", .. args]);

    private string Path(string name) => System.IO.Path.Combine(_dir.Path, name);

    private void PullBusybox() => Assert.Equal(0, Berth("pull", "-q", "--tls-verify=false", Ref("test/busybox")).ExitCode);

    private JsonElement InspectRemote(string reference)
    {
        var r = Skopeo("inspect", "--tls-verify=false", "docker://" + reference);
        Assert.True(r.ExitCode == 0, r.Stderr);
        return JsonDocument.Parse(r.Stdout).RootElement;
    }

    [Fact]
    public void Push_ToRegistry_PullsBackWithSameIdAndWritesDigestFile()
    {
        PullBusybox();
        var digestFile = Path("digest");
        var push = Berth("push", "--tls-verify=false", "--digestfile", digestFile, Ref("test/busybox"), Ref("pushed/busybox:2"));
        Assert.True(push.ExitCode == 0, push.Stderr);
        Assert.Equal("", push.Stdout);
        Assert.Contains("Getting image source signatures", push.Stderr, StringComparison.Ordinal);
        Assert.Contains("Writing manifest to image destination", push.Stderr, StringComparison.Ordinal);
        // The original blobs and manifest are pushed as they are: the digest is the source's.
        Assert.Equal(_busybox.Digest.ToString(), File.ReadAllText(digestFile));
        Assert.Equal(_busybox.Digest.ToString(), InspectRemote(Ref("pushed/busybox:2")).GetProperty("Digest").GetString());

        var back = Other("pull", "-q", "--tls-verify=false", Ref("pushed/busybox:2"));
        Assert.Equal(IdOf(_busybox) + "\n", back.Stdout);

        // A second push finds every blob there already.
        var again = Berth("push", "--tls-verify=false", Ref("test/busybox"), Ref("pushed/busybox:3"));
        Assert.Equal(0, again.ExitCode);
        Assert.Contains("skipped: already exists", again.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Push_ZstdAndDockerFormat_ConvertsAndStaysPullable()
    {
        PullBusybox();
        Assert.Equal(0, Berth("push", "-q", "--tls-verify=false", "--compression-format", "zstd", Ref("test/busybox"), Ref("pushed/zstd:1")).ExitCode);
        var zstd = InspectRemote(Ref("pushed/zstd:1"));
        Assert.All(zstd.GetProperty("LayersData").EnumerateArray(), l => Assert.Equal(MediaTypes.OciLayerZstd, l.GetProperty("MIMEType").GetString()));
        Assert.Equal(IdOf(_busybox) + "\n", Other("pull", "-q", "--tls-verify=false", Ref("pushed/zstd:1")).Stdout);

        Assert.Equal(0, Berth("push", "-q", "--tls-verify=false", "--format", "v2s2", Ref("test/busybox"), Ref("pushed/docker:1")).ExitCode);
        var raw = Skopeo("inspect", "--raw", "--tls-verify=false", "docker://" + Ref("pushed/docker:1")).Stdout;
        using var manifest = JsonDocument.Parse(raw);
        Assert.Equal(MediaTypes.DockerManifest, manifest.RootElement.GetProperty("mediaType").GetString());
        Assert.Equal(MediaTypes.DockerConfig, manifest.RootElement.GetProperty("config").GetProperty("mediaType").GetString());
        Assert.All(manifest.RootElement.GetProperty("layers").EnumerateArray(), l => Assert.Equal(MediaTypes.DockerLayerGzip, l.GetProperty("mediaType").GetString()));

        var bad = Berth("push", "--tls-verify=false", "--format", "v9", Ref("test/busybox"), Ref("pushed/bad:1"));
        Assert.Equal(125, bad.ExitCode);
        Assert.Contains("unknown format \"v9\"", bad.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Push_UnknownImageOrTransport_ClearErrors()
    {
        var missing = Berth("push", "--tls-verify=false", "nothere", Ref("x/y"));
        Assert.Equal(125, missing.ExitCode);
        Assert.Equal("Error: nothere: image not known\n", missing.Stderr);

        PullBusybox();
        var blocked = Berth("push", "--tls-verify=false", Ref("test/busybox"), "127.0.0.1:1/nobody/here:1");
        Assert.Equal(125, blocked.ExitCode);
        Assert.StartsWith("Error: ", blocked.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1], StringComparison.Ordinal);
    }

    [Fact]
    public void PushAndPull_EveryPathTransport_RoundTripsTheImage()
    {
        PullBusybox();
        var oci = Path("layout");
        var dir = Path("dir");
        var ociArchive = Path("o.tar");
        var dockerArchive = Path("d.tar");
        foreach (var destination in new[] { $"oci:{oci}:v1", $"dir:{dir}", $"oci-archive:{ociArchive}:archived", $"docker-archive:{dockerArchive}" })
        {
            var push = Berth("push", "-q", Ref("test/busybox"), destination);
            Assert.True(push.ExitCode == 0, $"{destination}: {push.Stderr}");
        }

        Assert.True(File.Exists(System.IO.Path.Combine(oci, "index.json")));
        Assert.Equal("Directory Transport Version: 1.1\n", File.ReadAllText(System.IO.Path.Combine(dir, "version")));

        var expected = new Dictionary<string, string>
        {
            [$"oci:{oci}:v1"] = "localhost/v1:latest",
            [$"dir:{dir}"] = $"localhost/{dir.TrimStart('/')}:latest",
            [$"oci-archive:{ociArchive}"] = "localhost/archived:latest",
            [$"docker-archive:{dockerArchive}"] = $"{Ref("test/busybox")}:latest",
        };
        foreach (var (source, name) in expected)
        {
            var pull = Other("pull", "-q", source);
            Assert.True(pull.ExitCode == 0, $"{source}: {pull.Stderr}");
            Assert.Equal(IdOf(_busybox) + "\n", pull.Stdout);
            Assert.Equal(IdOf(_busybox) + "\n", Other("image", "inspect", "--format", "{{.ID}}", name).Stdout);
        }

        // The unpacked layers are complete.
        Assert.Equal(0, Other("image", "exists", "localhost/v1").ExitCode);
    }

    [Fact]
    public void Pull_FromMissingOrCorruptLayout_ClearErrorAndStoreUnchanged()
    {
        var missing = Berth("pull", "oci:" + Path("none"));
        Assert.Equal(125, missing.ExitCode);
        Assert.Contains("does not exist", missing.Stderr, StringComparison.Ordinal);

        var unknown = Berth("pull", "foo:bar/baz");
        Assert.Equal(125, unknown.ExitCode);

        // A dir: image whose layer file does not hash to its name.
        var dir = Path("corrupt");
        Assert.Equal(0, Skopeo("copy", "-q", "--src-tls-verify=false", "docker://" + Ref("test/busybox"), "dir:" + dir).ExitCode);
        var layer = System.IO.Path.Combine(dir, _busybox.Layers[^1].Descriptor.Digest.Encoded);
        var bytes = File.ReadAllBytes(layer);
        bytes[^10] ^= 0xFF;
        File.WriteAllBytes(layer, bytes);
        var corrupt = Berth("pull", "dir:" + dir);
        Assert.Equal(125, corrupt.ExitCode);
        Assert.Equal("", Berth("images", "-q").Stdout);
    }

    [Fact]
    public void SaveDirectories_OciDirAndDockerDir()
    {
        PullBusybox();
        var ociDir = Path("ocidir");
        Assert.Equal(0, Berth("save", "--format", "oci-dir", "-o", ociDir, Ref("test/busybox")).ExitCode);
        using (var index = JsonDocument.Parse(File.ReadAllText(System.IO.Path.Combine(ociDir, "index.json"))))
        {
            var entry = Assert.Single(index.RootElement.GetProperty("manifests").EnumerateArray().ToList());
            Assert.Equal(_busybox.Digest.ToString(), entry.GetProperty("digest").GetString());
        }

        var dockerDir = Path("dockerdir");
        Assert.Equal(0, Berth("save", "--format", "docker-dir", "-o", dockerDir, Ref("test/busybox")).ExitCode);
        using (var manifest = JsonDocument.Parse(File.ReadAllText(System.IO.Path.Combine(dockerDir, "manifest.json"))))
        {
            Assert.Equal(MediaTypes.DockerManifest, manifest.RootElement.GetProperty("mediaType").GetString());
        }

        Assert.Equal(IdOf(_busybox) + "\n", Other("pull", "-q", "dir:" + dockerDir).Stdout);
        var noOutput = Berth("save", "--format", "oci-dir", Ref("test/busybox"));
        Assert.Equal(125, noOutput.ExitCode);
    }

    [Fact]
    public async Task Save_ExtraTagsWithoutMultiImage_AreNamesOfTheOneImage()
    {
        PullBusybox();
        var archive = Path("tags.tar");
        var r = Berth("save", "-o", archive, Ref("test/busybox"), "extra:1", "quay.io/x/y:2");
        Assert.True(r.ExitCode == 0, r.Stderr);
        using (var reader = await global::Berth.Archive.DockerArchiveReader.OpenAsync(archive, _dir.Path, CancellationToken.None))
        {
            var item = Assert.Single(reader.Items);
            Assert.Equal([$"{Ref("test/busybox")}:latest", "localhost/extra:1", "quay.io/x/y:2"], item.RepoTags);
        }

        Assert.Equal(125, Berth("save", "--format", "oci-archive", "-o", Path("o.tar"), Ref("test/busybox"), "extra:1").ExitCode);
        var compress = Berth("save", "--compress", "-o", Path("c.tar"), Ref("test/busybox"));
        Assert.Equal("Error: --compress can only be set when --format is 'docker-dir'\n", compress.Stderr);
        Assert.False(File.Exists(Path("c.tar")));
    }

    [Fact]
    public void SkopeoInspect_RemoteImage_WithoutPulling()
    {
        var info = InspectRemote(Ref("test/busybox:latest"));
        Assert.Equal(Ref("test/busybox"), info.GetProperty("Name").GetString());
        Assert.Equal(_busybox.Digest.ToString(), info.GetProperty("Digest").GetString());
        Assert.Equal(["1.0", "latest"], info.GetProperty("RepoTags").EnumerateArray().Select(t => t.GetString()).Order(StringComparer.Ordinal));
        Assert.Equal("transport test", info.GetProperty("Labels").GetProperty("org.example.title").GetString());
        Assert.Equal(_busybox.Layers.Select(l => l.Descriptor.Digest.ToString()), info.GetProperty("Layers").EnumerateArray().Select(e => e.GetString()));

        var raw = Skopeo("inspect", "--raw", "--tls-verify=false", "docker://" + Ref("test/busybox"));
        Assert.Equal(System.Text.Encoding.UTF8.GetString(_busybox.ManifestBytes), raw.Stdout);
        var config = Skopeo("inspect", "--config", "--raw", "--tls-verify=false", "docker://" + Ref("test/busybox"));
        Assert.Equal(System.Text.Encoding.UTF8.GetString(_busybox.Config.Content), config.Stdout);
        var format = Skopeo("inspect", "--tls-verify=false", "--format", "{{.Digest}} {{len .Layers}}", "docker://" + Ref("test/busybox"));
        Assert.Equal($"{_busybox.Digest} {_busybox.Layers.Count}\n", format.Stdout);
        var noTags = JsonDocument.Parse(Skopeo("inspect", "-n", "--tls-verify=false", "docker://" + Ref("test/busybox")).Stdout).RootElement;
        Assert.Equal(0, noTags.GetProperty("RepoTags").GetArrayLength());

        var missing = Skopeo("inspect", "--tls-verify=false", "docker://" + Ref("test/busybox:nope"));
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("level=fatal", missing.Stderr, StringComparison.Ordinal);
        Assert.Contains("manifest unknown", missing.Stderr, StringComparison.Ordinal);
        var transport = Skopeo("inspect", "nope:thing");
        Assert.Equal(1, transport.ExitCode);
        Assert.Contains("unknown transport \\\"nope\\\"", transport.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void SkopeoListTagsAndDelete()
    {
        var tags = JsonDocument.Parse(Skopeo("list-tags", "--tls-verify=false", "docker://" + Ref("test/busybox")).Stdout).RootElement;
        Assert.Equal(Ref("test/busybox"), tags.GetProperty("Repository").GetString());
        Assert.Equal(["1.0", "latest"], tags.GetProperty("Tags").EnumerateArray().Select(t => t.GetString()).Order(StringComparer.Ordinal));
        Assert.Equal(1, Skopeo("list-tags", "--tls-verify=false", "docker://" + Ref("test/busybox:1.0")).ExitCode);

        Assert.Equal(0, Skopeo("copy", "-q", "--src-tls-verify=false", "--dest-tls-verify=false", "docker://" + Ref("test/busybox"), "docker://" + Ref("doomed/busybox:1")).ExitCode);
        var delete = Skopeo("delete", "--tls-verify=false", "docker://" + Ref("doomed/busybox:1"));
        Assert.True(delete.ExitCode == 0, delete.Stderr);
        Assert.Equal(1, Skopeo("inspect", "--tls-verify=false", "docker://" + Ref("doomed/busybox:1")).ExitCode);
    }

    [Fact]
    public async Task SkopeoCopy_IndexAllOrHostPlatform()
    {
        var arm = TestImageBuilder.Busybox().Platform("linux", "arm64", "v8").Layer(l => l.File("arch", "arm64\n")).Build();
        var index = TestImageIndex.Create(TestImageFormat.Oci, arm, _busybox);
        await index.PushRawAsync(_registry, "test/multi", "latest");

        var all = Path("all");
        var copy = Skopeo("copy", "--all", "--src-tls-verify=false", "docker://" + Ref("test/multi"), "oci:" + all + ":multi");
        Assert.True(copy.ExitCode == 0, copy.Stderr);
        Assert.Contains("Writing manifest list to image destination", copy.Stdout, StringComparison.Ordinal);
        using (var layout = JsonDocument.Parse(File.ReadAllText(System.IO.Path.Combine(all, "index.json"))))
        {
            var entry = Assert.Single(layout.RootElement.GetProperty("manifests").EnumerateArray().ToList());
            Assert.Equal(index.Digest.ToString(), entry.GetProperty("digest").GetString());
        }

        foreach (var image in new[] { arm, _busybox })
        {
            Assert.True(File.Exists(System.IO.Path.Combine(all, "blobs", "sha256", image.Digest.Encoded)));
        }

        var single = Path("single");
        Assert.Equal(0, Skopeo("copy", "-q", "--src-tls-verify=false", "docker://" + Ref("test/multi"), "oci:" + single).ExitCode);
        using (var layout = JsonDocument.Parse(File.ReadAllText(System.IO.Path.Combine(single, "index.json"))))
        {
            var entry = Assert.Single(layout.RootElement.GetProperty("manifests").EnumerateArray().ToList());
            Assert.Equal(_busybox.Digest.ToString(), entry.GetProperty("digest").GetString());
        }

        var archive = Skopeo("copy", "--all", "--src-tls-verify=false", "docker://" + Ref("test/multi"), "docker-archive:" + Path("multi.tar"));
        Assert.Equal(1, archive.ExitCode);
        Assert.False(File.Exists(Path("multi.tar")));

        var preserve = Skopeo("copy", "--preserve-digests", "--src-tls-verify=false", "docker://" + Ref("test/busybox"), "docker-archive:" + Path("p.tar"));
        Assert.Equal(1, preserve.ExitCode);
        Assert.Contains("--preserve-digests", preserve.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void SkopeoSync_RegistryToDirAndBack()
    {
        var mirror = Path("mirror");
        Directory.CreateDirectory(mirror);
        var toDir = Skopeo("sync", "--src", "docker", "--dest", "dir", "--src-tls-verify=false", Ref("test/busybox"), mirror);
        Assert.True(toDir.ExitCode == 0, toDir.Stderr);
        Assert.Contains("msg=\"Synced 2 images from 1 sources\"", toDir.Stderr, StringComparison.Ordinal);
        Assert.True(File.Exists(System.IO.Path.Combine(mirror, "busybox:1.0", "manifest.json")));
        Assert.True(File.Exists(System.IO.Path.Combine(mirror, "busybox:latest", "manifest.json")));

        var back = Skopeo("sync", "--src", "dir", "--dest", "docker", "--dest-tls-verify=false", mirror, Ref("synced"));
        Assert.True(back.ExitCode == 0, back.Stderr);
        Assert.Equal(_busybox.Digest.ToString(), InspectRemote(Ref("synced/busybox:1.0")).GetProperty("Digest").GetString());

        var yaml = Path("sync.yaml");
        File.WriteAllText(yaml, $"{_registry.Host}:\n  tls-verify: false\n  images:\n    test/busybox:\n      - \"1.0\"\n");
        var fromYaml = Skopeo("sync", "--src", "yaml", "--dest", "dir", "--scoped", yaml, Path("scoped"));
        Assert.True(fromYaml.ExitCode == 0, fromYaml.Stderr);
        Assert.True(File.Exists(System.IO.Path.Combine(Path("scoped"), _registry.Host, "test", "busybox:1.0", "manifest.json")));

        var badSource = Skopeo("sync", "--src", "ftp", "--dest", "dir", "x", "y");
        Assert.Equal(1, badSource.ExitCode);
    }
}

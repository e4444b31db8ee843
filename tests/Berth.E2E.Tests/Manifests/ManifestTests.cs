using System.Text.Json;
using System.Text.RegularExpressions;
using Berth.Oci;
using Berth.TestSupport;

namespace Berth.E2E.Tests.Manifests;

/// <summary>
/// The manifest commands with the built binary, a private store and a real docker-registry: lists made of local and
/// remote images, inspect as podman 4.3.1 prints it, annotate/remove, rm/rmi/images, push --all read back with
/// <c>berth skopeo inspect --raw</c> and pulled back by digest, and podman's messages and exit codes for bad input.
/// </summary>
public sealed partial class ManifestTests : IAsyncLifetime, IDisposable
{
    private const string EmptyInspect = "{\n    \"schemaVersion\": 2,\n    \"mediaType\": \"application/vnd.docker.distribution.manifest.list.v2+json\",\n    \"manifests\": null\n}\n";

    private readonly TempDir _dir = new();
    private RegistryFixture _registry = null!;
    private TestImage _amd = null!;
    private TestImage _arm = null!;
    private TestImageIndex _multi = null!;

    public async Task InitializeAsync()
    {
        _registry = await RegistryFixture.StartAsync();
        _amd = TestImageBuilder.Busybox().Platform("linux", "amd64").Label("which", "amd").Build();
        _arm = TestImageBuilder.Busybox(TestImageFormat.Docker).Platform("linux", "arm64", "v8").Label("which", "arm").Build();
        await _amd.PushRawAsync(_registry, "test/amd", "1");
        await _arm.PushRawAsync(_registry, "test/arm", "1");
        _multi = TestImageIndex.Create(TestImageFormat.Oci, _amd, _arm);
        await _multi.PushRawAsync(_registry, "test/multi", "1");
    }

    public async Task DisposeAsync() => await _registry.DisposeAsync();

    public void Dispose() => _dir.Dispose();

    private string Ref(string repoTag) => $"{_registry.Host}/{repoTag}";

    private RunResult Berth(params string[] args) => BerthRunner.Run(["--root", _dir.Path + "/root", "--runroot", _dir.Path + "/run", .. args]);

    private RunResult Other(params string[] args) => BerthRunner.Run(["--root", _dir.Path + "/root2", "--runroot", _dir.Path + "/run2", .. args]);

    private static RunResult Ok(RunResult r)
    {
        Assert.True(r.ExitCode == 0, $"exit {r.ExitCode}: {r.Stderr}");
        return r;
    }

    private string PullAmd()
    {
        Ok(Berth("pull", "-q", "--tls-verify=false", Ref("test/amd:1")));
        return Ref("test/amd:1");
    }

    private string Create(string name)
    {
        var id = Ok(Berth("manifest", "create", name)).Stdout.Trim();
        Assert.Matches(Id(), id);
        return id;
    }

    private JsonElement Inspect(string list) => JsonDocument.Parse(Ok(Berth("manifest", "inspect", list)).Stdout).RootElement;

    private static void AssertEntry(JsonElement entry, TestImage image, string architecture, string? variant = null)
    {
        Assert.Equal(image.ManifestMediaType, entry.GetProperty("mediaType").GetString());
        Assert.Equal(image.ManifestBytes.Length, entry.GetProperty("size").GetInt64());
        Assert.Equal(image.Digest.ToString(), entry.GetProperty("digest").GetString());
        Assert.Equal(architecture, entry.GetProperty("platform").GetProperty("architecture").GetString());
        Assert.Equal("linux", entry.GetProperty("platform").GetProperty("os").GetString());
        Assert.Equal(variant, entry.GetProperty("platform").TryGetProperty("variant", out var v) ? v.GetString() : null);
    }

    [Fact]
    public void CreateAddInspect_LocalImage_ListsItsManifestAndShowsInImages()
    {
        var amd = PullAmd();
        var id = Create("mylist");
        Assert.Equal(EmptyInspect, Ok(Berth("manifest", "inspect", "mylist")).Stdout);

        Assert.Equal(id + "\n", Ok(Berth("manifest", "add", "mylist", amd)).Stdout);
        var index = Inspect("localhost/mylist:latest");
        Assert.Equal(MediaTypes.DockerManifestList, index.GetProperty("mediaType").GetString());
        AssertEntry(Assert.Single(index.GetProperty("manifests").EnumerateArray()), _amd, "amd64");
        Assert.Contains("\n    \"manifests\": [\n        {\n            \"mediaType\"", Ok(Berth("manifest", "inspect", "mylist")).Stdout, StringComparison.Ordinal);

        Assert.Equal(0, Berth("manifest", "exists", "mylist").ExitCode);
        // Used as an image, a list stands for its host-platform image (podman's libimage does the same).
        Assert.Equal(_amd.Config.Descriptor.Digest.Encoded + "\n", Ok(Berth("image", "inspect", "--format", "{{.Id}}", "mylist")).Stdout);
        var images = Ok(Berth("images", "--format", "{{.Repository}}:{{.Tag}} {{.ID}}")).Stdout;
        Assert.Contains($"localhost/mylist:latest {id[..12]}\n", images, StringComparison.Ordinal);

        // containers-storage: names the local image explicitly, as in podman 4.3.1; adding it again keeps one entry.
        Assert.Equal(id + "\n", Ok(Berth("manifest", "add", "mylist", "containers-storage:" + amd)).Stdout);
        Assert.Single(Inspect("mylist").GetProperty("manifests").EnumerateArray());
    }

    [Fact]
    public void Add_RemoteReferences_ReadTheRegistry_AllAddsEveryInstance()
    {
        Create("remote");
        Ok(Berth("manifest", "add", "--tls-verify=false", "remote", "docker://" + Ref("test/arm:1")));
        AssertEntry(Assert.Single(Inspect("remote").GetProperty("manifests").EnumerateArray()), _arm, "arm64", "v8");

        // Without --all a list gives the host platform's image; with --all every instance (the arm one is updated in place).
        Ok(Berth("manifest", "create", "one", "--tls-verify=false", "docker://" + Ref("test/multi:1")));
        AssertEntry(Assert.Single(Inspect("one").GetProperty("manifests").EnumerateArray()), _amd, "amd64");
        Ok(Berth("manifest", "add", "--all", "--tls-verify=false", "remote", "docker://" + Ref("test/multi:1")));
        var entries = Inspect("remote").GetProperty("manifests").EnumerateArray().ToList();
        Assert.Equal([_arm.Digest.ToString(), _amd.Digest.ToString()], entries.Select(e => e.GetProperty("digest").GetString()));

        // Overrides on add.
        Ok(Berth("manifest", "add", "--tls-verify=false", "--arch", "s390x", "--os-version", "9", "--annotation", "k=v", "remote", "docker://" + Ref("test/arm:1")));
        var arm = Inspect("remote").GetProperty("manifests")[0];
        Assert.Equal("s390x", arm.GetProperty("platform").GetProperty("architecture").GetString());
        Assert.Equal("9", arm.GetProperty("platform").GetProperty("os.version").GetString());
        Assert.Equal("v", arm.GetProperty("annotations").GetProperty("k").GetString());
    }

    [Fact]
    public void AnnotateAndRemove_ChangeTheEntry_AsPodman()
    {
        var amd = PullAmd();
        var id = Create("ann");
        Ok(Berth("manifest", "add", "ann", amd));
        var digest = _amd.Digest.ToString();
        Assert.Equal(id + "\n", Ok(Berth("manifest", "annotate", "--arch", "arm64", "--os", "freebsd", "--variant", "v8", "--os-version", "1.2",
            "--annotation", "c=d", "--annotation", "a=b", "ann", digest)).Stdout);
        var text = Ok(Berth("manifest", "inspect", "ann")).Stdout;
        Assert.Contains(
            "            \"platform\": {\n                \"architecture\": \"arm64\",\n                \"os\": \"freebsd\",\n                \"os.version\": \"1.2\",\n                \"variant\": \"v8\"\n            },\n            \"annotations\": {\n                \"a\": \"b\",\n                \"c\": \"d\"\n            }\n",
            text, StringComparison.Ordinal);

        // Its only image is no longer the host's: as podman 4.3.1, image inspect finds none.
        var inspect = Berth("image", "inspect", "ann");
        Assert.Equal(125, inspect.ExitCode);
        Assert.Equal("[]\n", inspect.Stdout);
        Assert.Equal("Error: inspecting object: no image found in image index for architecture amd64, variant \"\", OS linux: image not known\n", inspect.Stderr);

        // podman 4.3.1 accepts a digest the list does not have and changes nothing.
        Assert.Equal(id + "\n", Ok(Berth("manifest", "annotate", "--arch", "ppc64le", "ann", "sha256:" + new string('1', 64))).Stdout);
        Assert.Equal(text, Ok(Berth("manifest", "inspect", "ann")).Stdout);

        Assert.Equal(id + "\n", Ok(Berth("manifest", "remove", "ann", digest)).Stdout);
        Assert.Equal(EmptyInspect, Ok(Berth("manifest", "inspect", "ann")).Stdout);
    }

    [Fact]
    public void BadInput_PodmansMessagesAndExitCodes_NothingChanged()
    {
        var amd = PullAmd();
        var id = Create("localhost/list1");
        var digest = _amd.Digest.ToString();
        Ok(Berth("manifest", "add", "list1", amd));
        var before = Ok(Berth("manifest", "inspect", "list1")).Stdout;
        var amdId = _amd.Config.Descriptor.Digest.Encoded;

        AssertError(Berth("manifest", "create", "localhost/list1"), 125,
            $"Error: creating image to hold manifest list: image name \"localhost/list1:latest\" is already associated with image \"{id}\": that name is already in use\n");
        AssertError(Berth("manifest", "create", "--amend", amd), 125,
            $"Error: creating image to hold manifest list: image name \"{amd}\" is already associated with image \"{amdId}\": that name is already in use\n");
        Assert.Equal(id + "\n", Ok(Berth("manifest", "create", "--amend", "localhost/list1")).Stdout);
        AssertError(Berth("manifest", "exists", "nolist"), 1, "");
        AssertError(Berth("manifest", "exists", amd), 125, $"Error: {amd}: image is not a manifest list\n");
        AssertError(Berth("manifest", "add", "nolist", amd), 125, "Error: nolist: image not known\n");
        AssertError(Berth("manifest", "add", amd, amd), 125, $"Error: {amd}: image is not a manifest list\n");
        AssertError(Berth("manifest", "annotate", "--annotation", "bad", "list1", digest), 125, "Error: no value given for annotation \"bad\"\n");
        AssertError(Berth("manifest", "annotate", "list1", "localhost/bb"), 125, "Error: invalid image digest \"localhost/bb\": invalid checksum digest format\n");
        var zero = "sha256:" + new string('0', 64);
        AssertError(Berth("manifest", "remove", "list1", zero), 125,
            $"Error: removing from manifest list list1: no instance matching digest \"{zero}\" found in manifest list: file does not exist\n");
        AssertError(Berth("manifest", "remove", "list1", "notadigest"), 125,
            "Error: removing from manifest list list1: invalid image digest \"notadigest\": invalid checksum digest format\n");
        AssertError(Berth("manifest", "remove", "nolist", digest), 125, "Error: removing from manifest list nolist: nolist: image not known\n");
        AssertError(Berth("manifest", "rm", amd), 125, $"Error: {amd}: image is not a manifest list\n");
        AssertError(Berth("manifest", "rm", "nolist"), 1, "Error: nolist: image not known\n");
        AssertError(Berth("manifest", "rm", "nolist", "nolist2"), 1, "Error: 2 errors occurred:\n\t* nolist: image not known\n\t* nolist2: image not known\n");
        AssertError(Berth("manifest", "push", "nolist", "localhost:1/x:1"), 125, "Error: retrieving local image from image name nolist: nolist: image not known\n");
        AssertError(Berth("manifest", "push", amd, "localhost:1/x:1"), 125,
            $"Error: retrieving local image from image name {amd}: {amd}: image is not a manifest list\n");
        // A name that is no local list is read from its registry, as podman does (this one speaks plain HTTP only).
        var remote = Berth("manifest", "inspect", Ref("test/multi:1"));
        Assert.Equal(125, remote.ExitCode);
        Assert.StartsWith($"Error: reading image \"docker://{Ref("test/multi:1")}\": ", remote.Stderr, StringComparison.Ordinal);
        AssertError(Berth("manifest", "create"), 125, "Error: requires at least 1 arg(s), only received 0\n");
        AssertError(Berth("manifest", "remove", "list1"), 125, "Error: accepts 2 arg(s), received 1\n");

        // A missing image: one error, and (unlike podman 4.3.1, which leaves an empty list) no list made.
        var missing = Berth("manifest", "create", "list2", "containers-storage:localhost/missing");
        Assert.Equal(125, missing.ExitCode);
        Assert.StartsWith("Error: setting up to read manifest and configuration from \"containers-storage:localhost/missing\": ", missing.Stderr, StringComparison.Ordinal);
        Assert.Equal(1, Berth("manifest", "exists", "list2").ExitCode);
        var addMissing = Berth("manifest", "add", "list1", "containers-storage:localhost/missing");
        Assert.Equal(125, addMissing.ExitCode);
        Assert.Single(addMissing.Stderr.TrimEnd('\n').Split('\n'));

        Assert.Equal(before, Ok(Berth("manifest", "inspect", "list1")).Stdout);
    }

    [Fact]
    public void RmAndRmi_RemoveLists_WithPodmansLines()
    {
        var a = Create("la");
        var b = Create("lb");
        Assert.Equal($"Untagged: localhost/la:latest\nUntagged: localhost/lb:latest\nDeleted: {a}\nDeleted: {b}\n", Ok(Berth("manifest", "rm", "la", "lb")).Stdout);
        var c = Create("lc");
        Assert.Equal($"Untagged: localhost/lc:latest\nDeleted: {c}\n", Ok(Berth("rmi", "lc")).Stdout);
        Assert.Equal("", Ok(Berth("images", "-q")).Stdout);
        Assert.Equal(1, Berth("manifest", "exists", "lc").ExitCode);
    }

    [Fact]
    public void Push_All_PushesLocalAndRemoteImagesThenTheIndex()
    {
        var amd = PullAmd();
        Create("multi");
        Ok(Berth("manifest", "add", "multi", amd));
        Ok(Berth("manifest", "add", "--tls-verify=false", "multi", "docker://" + Ref("test/arm:1")));
        var digestFile = Path.Combine(_dir.Path, "digest");
        var push = Ok(Berth("manifest", "push", "--tls-verify=false", "--digestfile", digestFile, "multi", Ref("pushed/list:1")));
        Assert.Contains("Writing manifest list to image destination", push.Stderr, StringComparison.Ordinal);

        var raw = Ok(BerthRunner.Run("skopeo", "inspect", "--raw", "--tls-verify=false", "docker://" + Ref("pushed/list:1"))).Stdout;
        Assert.Equal(File.ReadAllText(digestFile), Digest.Compute(System.Text.Encoding.UTF8.GetBytes(raw)).ToString());
        using var index = JsonDocument.Parse(raw);
        // An OCI image in the list makes the pushed index OCI (podman 4.3.1 does the same): the OCI image keeps its
        // digest, the Docker one is written as OCI (the copier writes an index's images in the index's family).
        Assert.Equal(MediaTypes.OciIndex, index.RootElement.GetProperty("mediaType").GetString());
        var entries = index.RootElement.GetProperty("manifests").EnumerateArray().ToList();
        Assert.Equal(2, entries.Count);
        Assert.Equal(_amd.Digest.ToString(), entries[0].GetProperty("digest").GetString());
        Assert.Equal(MediaTypes.OciManifest, entries[1].GetProperty("mediaType").GetString());
        Assert.Equal("arm64", entries[1].GetProperty("platform").GetProperty("architecture").GetString());

        // Pulled back by digest into another store: the list gives the host's image, each instance its own.
        var listDigest = File.ReadAllText(digestFile);
        Assert.Equal(_amd.Config.Descriptor.Digest.Encoded + "\n", Ok(Other("pull", "-q", "--tls-verify=false", Ref("pushed/list@" + listDigest))).Stdout);
        var armDigest = entries[1].GetProperty("digest").GetString();
        Assert.Equal(_arm.Config.Descriptor.Digest.Encoded + "\n", Ok(Other("pull", "-q", "--tls-verify=false", Ref("pushed/list@" + armDigest))).Stdout);
    }

    [Fact]
    public void Push_FormatV2s2AndRm_ConvertsTheImagesAndRemovesTheList()
    {
        var amd = PullAmd();
        Create("conv");
        Ok(Berth("manifest", "add", "conv", amd));
        Ok(Berth("manifest", "push", "-q", "--tls-verify=false", "--format", "v2s2", "--rm", "conv", "docker://" + Ref("pushed/conv:1")));
        Assert.Equal(1, Berth("manifest", "exists", "conv").ExitCode);

        var raw = Ok(BerthRunner.Run("skopeo", "inspect", "--raw", "--tls-verify=false", "docker://" + Ref("pushed/conv:1"))).Stdout;
        using var index = JsonDocument.Parse(raw);
        Assert.Equal(MediaTypes.DockerManifestList, index.RootElement.GetProperty("mediaType").GetString());
        var entry = Assert.Single(index.RootElement.GetProperty("manifests").EnumerateArray());
        Assert.Equal(MediaTypes.DockerManifest, entry.GetProperty("mediaType").GetString());
        var converted = entry.GetProperty("digest").GetString()!;
        Assert.NotEqual(_amd.Digest.ToString(), converted);
        Assert.Equal(_amd.Config.Descriptor.Digest.Encoded + "\n", Ok(Other("pull", "-q", "--tls-verify=false", Ref("pushed/conv@" + converted))).Stdout);
    }

    [Fact]
    public void Buildah_ManifestCommands_ShareTheStore()
    {
        var amd = PullAmd();
        var id = Ok(Berth("buildah", "manifest", "create", "blist", amd)).Stdout.Trim();
        Assert.Equal(0, Berth("manifest", "exists", "blist").ExitCode);
        AssertEntry(Assert.Single(JsonDocument.Parse(Ok(Berth("buildah", "manifest", "inspect", "blist")).Stdout).RootElement.GetProperty("manifests").EnumerateArray()), _amd, "amd64");
        Ok(Berth("buildah", "manifest", "push", "--all", "--tls-verify=false", "blist", "docker://" + Ref("pushed/blist:1")));
        Assert.Equal($"Untagged: localhost/blist:latest\nDeleted: {id}\n", Ok(Berth("buildah", "manifest", "rm", "blist")).Stdout);
    }

    private static void AssertError(RunResult r, int exit, string stderr)
    {
        Assert.Equal(stderr, r.Stderr);
        Assert.Equal(exit, r.ExitCode);
        Assert.Equal("", r.Stdout);
    }

    [GeneratedRegex("^[0-9a-f]{64}$")]
    private static partial Regex Id();
}

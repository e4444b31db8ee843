using System.Text.Json;

namespace Berth.E2E.Tests.Build;

/// <summary>
/// <c>berth build</c>'s outputs and stage scheduling: <c>--annotation</c>, <c>--jobs</c>, <c>--unsetenv</c>,
/// <c>--omit-history</c>, <c>--from</c> (podman 4.3.1's behaviour, recorded in docs/build.md).
/// </summary>
public sealed class BuildOutputsTests : IDisposable
{
    private readonly ContainerStore store = new();
    private readonly TempDir context = new();

    public void Dispose()
    {
        store.Dispose();
        context.Dispose();
    }

    private RunResult Build(params string[] args) => store.Berth(["build", .. args]);

    private static RunResult Ok(RunResult r)
    {
        Assert.True(r.ExitCode == 0, r.Stdout + r.Stderr);
        return r;
    }

    private JsonElement Inspect(string image)
    {
        using var json = JsonDocument.Parse(Ok(store.Berth("image", "inspect", image)).Stdout);
        return json.RootElement[0].Clone();
    }

    [Fact]
    public void Build_Annotation_IsInTheFinalManifestWithTheBaseAnnotations()
    {
        context.Write("Containerfile", "FROM localhost/exectest:1\nRUN echo hi > /f\n");

        Ok(Build("--annotation", "a.b=c", "--annotation", "x=y", "--annotation", "novalue", "-t", "ann", context.Path));

        var image = Inspect("ann");
        Assert.Equal("application/vnd.oci.image.manifest.v1+json", image.GetProperty("ManifestType").GetString());
        var annotations = image.GetProperty("Annotations");
        Assert.Equal("c", annotations.GetProperty("a.b").GetString());
        Assert.Equal("y", annotations.GetProperty("x").GetString());
        Assert.Equal("", annotations.GetProperty("novalue").GetString());
        Assert.Equal("localhost/exectest:1", annotations.GetProperty("org.opencontainers.image.base.name").GetString());
        // The digest of the image the last step was committed over: here the base itself.
        Assert.Equal(Inspect(ContainerStore.Image).GetProperty("Digest").GetString(), annotations.GetProperty("org.opencontainers.image.base.digest").GetString());
    }

    [Fact]
    public void Build_AnnotationChanged_DoesNotReuseTheCachedFinalImage()
    {
        context.Write("Containerfile", "FROM localhost/exectest:1\nRUN echo hi > /f\n");
        Ok(Build("--annotation", "k=1", "-t", "one", context.Path));

        Ok(Build("--annotation", "k=2", "-t", "two", context.Path));
        Ok(Build("-t", "three", context.Path));

        Assert.Equal("1", Inspect("one").GetProperty("Annotations").GetProperty("k").GetString());
        Assert.Equal("2", Inspect("two").GetProperty("Annotations").GetProperty("k").GetString());
        Assert.False(Inspect("three").GetProperty("Annotations").TryGetProperty("k", out _));
    }

    [Fact]
    public void Build_AnnotationWithDockerFormat_HasNoAnnotations()
    {
        // podman 4.3.1: Docker manifests carry no annotations; the build still succeeds.
        context.Write("Containerfile", "FROM localhost/exectest:1\nRUN echo hi > /f\n");

        Ok(Build("--format", "docker", "--annotation", "a=b", "-t", "dock", context.Path));

        var image = Inspect("dock");
        Assert.Equal("application/vnd.docker.distribution.manifest.v2+json", image.GetProperty("ManifestType").GetString());
        Assert.Empty(image.GetProperty("Annotations").EnumerateObject());
    }

    private const string TwoSleepers = """
        FROM localhost/exectest:1 AS a
        RUN sleep 2 && echo a > /a
        FROM localhost/exectest:1 AS b
        RUN sleep 2 && echo b > /b
        FROM localhost/exectest:1
        COPY --from=a /a /a
        COPY --from=b /b /b
        """;

    [Fact]
    public void Build_JobsTwo_BuildsIndependentStagesAtOnceWithTheSameResult()
    {
        context.Write("Containerfile", TwoSleepers);

        var sequential = Ok(Build("--no-cache", "--timestamp", "1700000000", "-t", "seq", context.Path));
        var parallel = Ok(Build("--no-cache", "--jobs", "2", "--timestamp", "1700000000", "-t", "par", context.Path));

        // That the stages ran at once shows in the output (below), not in wall-clock time, which a loaded machine blurs.
        // Same inputs and timestamp: the same image, whatever the order the stages ran in.
        Assert.Equal(sequential.Stdout.Trim().Split('\n')[^1], parallel.Stdout.Trim().Split('\n')[^1]);
        Assert.Equal("a\nb\n", Ok(store.Berth("run", "--rm", "par", "cat", "/a", "/b")).Stdout);

        var lines = parallel.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        // Both first stages start before either finishes; every step line is whole and prefixed.
        var firstCommit = Array.FindIndex(lines, l => l.StartsWith("--> ", StringComparison.Ordinal));
        Assert.Contains("[1/3] STEP 2/2: RUN sleep 2 && echo a > /a", lines[..firstCommit]);
        Assert.Contains("[2/3] STEP 2/2: RUN sleep 2 && echo b > /b", lines[..firstCommit]);
        Assert.All(lines.Where(l => l.Contains("STEP", StringComparison.Ordinal)), l => Assert.Matches(@"^\[[123]/3\] STEP \d/\d: ", l));
        Assert.Equal("[3/3] COMMIT par", lines[^4]);
        // The sequential build keeps file order.
        var order = sequential.Stdout.Split('\n').Where(l => l.Contains(" STEP 1/", StringComparison.Ordinal)).ToList();
        Assert.Equal(["[1/3] STEP 1/2: FROM localhost/exectest:1 AS a", "[2/3] STEP 1/2: FROM localhost/exectest:1 AS b", "[3/3] STEP 1/3: FROM localhost/exectest:1"], order);
    }

    [Fact]
    public void Build_JobsZero_IsUnlimitedAndAFailingStageFailsTheBuild()
    {
        context.Write("Containerfile", "FROM localhost/exectest:1 AS a\nRUN sleep 1; exit 7\nFROM localhost/exectest:1 AS b\nRUN sleep 3\nFROM localhost/exectest:1\nCOPY --from=a /a /a\nCOPY --from=b /b /b\n");

        var r = Build("--jobs", "0", "-t", "bad", context.Path);

        Assert.Equal(7, r.ExitCode);
        Assert.Contains("building at STEP \"RUN sleep 1; exit 7\"", r.Stderr, StringComparison.Ordinal);
        Assert.Equal(1, store.Berth("image", "exists", "bad").ExitCode);
        Assert.Equal("", Ok(store.Buildah("containers", "-q")).Stdout);
    }

    [Fact]
    public void Build_UnsetenvAndOmitHistory_ChangeOnlyTheFinalImage()
    {
        context.Write("Containerfile", "FROM localhost/exectest:1\nENV A=1 B=2\nRUN echo $A > /a\n");

        Ok(Build("--unsetenv", "A", "--unsetenv", "PATH", "--unsetenv", "NOPE", "--omit-history", "-t", "trim", context.Path));

        var image = Inspect("trim");
        Assert.Equal(["B=2"], image.GetProperty("Config").GetProperty("Env").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(JsonValueKind.Null, image.GetProperty("History").ValueKind);
        // RUN still saw A.
        Assert.Equal("1\n", Ok(store.Berth("run", "--rm", "trim", "/bin/cat", "/a")).Stdout);
        var history = Ok(store.Berth("history", "-q", "trim")).Stdout;
        Assert.Equal("", history.Trim());
    }

    [Fact]
    public void Build_From_ReplacesTheFirstStagesImage()
    {
        context.Write("Containerfile", "FROM doesnotexist AS one\nRUN echo x > /x\nFROM alsonot\nCOPY --from=one /x /y\n");

        var r = Build("--from", "localhost/exectest:1", "-t", "fromx", "--target", "one", context.Path);

        Ok(r);
        Assert.StartsWith("STEP 1/2: FROM localhost/exectest:1 AS one\n", r.Stdout, StringComparison.Ordinal);
        Assert.Equal("x\n", Ok(store.Berth("run", "--rm", "fromx", "cat", "/x")).Stdout);
    }

    [Fact]
    public void Build_Manifest_CreatesTheListThenAddsToIt()
    {
        context.Write("Containerfile", "FROM localhost/exectest:1\nRUN echo hi > /f\n");

        var first = Ok(Build("--manifest", "mylist", "-t", "mtag", context.Path));
        Assert.Equal("Successfully tagged localhost/mtag:latest", first.Stdout.Trim().Split('\n')[^2]);
        var digest = Inspect("mtag").GetProperty("Digest").GetString();
        Assert.Equal([digest], ListDigests("mylist"));

        // The same image again: still one entry; another image: added.
        Ok(Build("--manifest", "mylist", context.Path));
        Assert.Equal([digest], ListDigests("mylist"));
        context.Write("Containerfile", "FROM localhost/exectest:1\nRUN echo other > /f\n");
        Ok(Build("--manifest", "localhost/mylist:latest", "-t", "other", context.Path));
        Assert.Equal([digest, Inspect("other").GetProperty("Digest").GetString()], ListDigests("mylist"));
    }

    [Fact]
    public void Build_ManifestNamingAnImage_IsRefusedBeforeBuilding()
    {
        context.Write("Containerfile", "FROM localhost/exectest:1\nRUN echo hi > /f\n");

        var r = Build("--manifest", ContainerStore.Image, "-t", "never", context.Path);

        Assert.Equal(125, r.ExitCode);
        Assert.Equal("Error: localhost/exectest:1: image is not a manifest list\n", r.Stderr);
        Assert.Equal("", r.Stdout);
        Assert.Equal(1, store.Berth("image", "exists", "never").ExitCode);
    }

    private List<string?> ListDigests(string list)
    {
        using var json = JsonDocument.Parse(Ok(store.Berth("manifest", "inspect", list)).Stdout);
        return json.RootElement.GetProperty("manifests").EnumerateArray().Select(m => m.GetProperty("digest").GetString()).ToList();
    }
}

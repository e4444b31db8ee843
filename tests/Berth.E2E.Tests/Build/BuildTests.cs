using System.Text.Json;

namespace Berth.E2E.Tests.Build;

/// <summary>
/// <c>berth build</c> end to end: real RUN steps under runc in a private store with a busybox image, podman's output,
/// the layer cache, multi-stage builds and bad input.
/// </summary>
public sealed class BuildTests : IDisposable
{
    private readonly ContainerStore store = new();
    private readonly TempDir context = new();

    public void Dispose()
    {
        store.Dispose();
        context.Dispose();
    }

    private const string WebFile = """
        FROM localhost/exectest:1
        ENV A=1
        WORKDIR /app
        COPY . /app/
        RUN echo hello > /hello && ls /app
        LABEL x=y
        CMD ["sh"]
        """;

    private RunResult Build(params string[] args) => store.Berth(["build", .. args]);

    [Fact]
    public void Build_SingleStage_PrintsPodmansStepsAndMakesARunnableImage()
    {
        context.Write("Containerfile", WebFile);
        context.Write("f1", "one\n");
        context.Write("sub/f2", "two\n");

        var r = Build("-t", "t1", context.Path);

        Assert.True(r.ExitCode == 0, r.Stdout + r.Stderr);
        var lines = r.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("STEP 1/7: FROM localhost/exectest:1", lines[0]);
        Assert.Equal("STEP 2/7: ENV A=1", lines[1]);
        Assert.Matches("^--> [0-9a-f]{11}$", lines[2]);
        Assert.Contains("STEP 5/7: RUN echo hello > /hello && ls /app", lines);
        Assert.Contains("Containerfile", lines);
        Assert.Contains("f1", lines);
        Assert.Equal("COMMIT t1", lines[^4]);
        Assert.Matches("^--> [0-9a-f]{11}$", lines[^3]);
        Assert.Equal("Successfully tagged localhost/t1:latest", lines[^2]);
        Assert.Matches("^[0-9a-f]{64}$", lines[^1]);
        Assert.StartsWith(lines[^3][4..], lines[^1], StringComparison.Ordinal);

        var run = store.Berth("run", "--rm", "t1", "sh", "-c", "cat /hello /app/f1 /app/sub/f2; pwd; echo $A");
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal("hello\none\ntwo\n/app\n1\n", run.Stdout);

        var inspect = store.Berth("image", "inspect", "t1");
        using var json = JsonDocument.Parse(inspect.Stdout);
        var image = json.RootElement[0];
        var config = image.GetProperty("Config");
        Assert.Equal("sh", config.GetProperty("Cmd")[0].GetString());
        Assert.Equal("/app", config.GetProperty("WorkingDir").GetString());
        Assert.Equal("y", config.GetProperty("Labels").GetProperty("x").GetString());
        Assert.Equal("1.28.2", config.GetProperty("Labels").GetProperty("io.buildah.version").GetString());
        Assert.Contains("A=1", config.GetProperty("Env").EnumerateArray().Select(e => e.GetString()));
        // Two layers were added (COPY, RUN) to the base's one; metadata steps add none.
        Assert.Equal(3, image.GetProperty("RootFS").GetProperty("Layers").GetArrayLength());

        var history = store.Berth("history", "--no-trunc", "--format", "{{.CreatedBy}}|{{.Comment}}", "t1");
        Assert.True(history.ExitCode == 0, history.Stderr);
        var entries = history.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("/bin/sh -c #(nop) CMD [\"sh\"]|FROM ", entries[0], StringComparison.Ordinal);
        Assert.StartsWith("/bin/sh -c echo hello > /hello && ls /app|FROM ", entries[2], StringComparison.Ordinal);
        Assert.Matches(@"^/bin/sh -c #\(nop\) COPY dir:[0-9a-f]{64} in /app/ \|FROM ", entries[3]);
        Assert.Equal("/bin/sh -c #(nop) ENV A=1|FROM localhost/exectest:1", entries[5]);
    }

    [Fact]
    public void Build_Again_UsesTheCacheForEveryStepAndGivesTheSameImage()
    {
        context.Write("Containerfile", WebFile);
        context.Write("f1", "one\n");
        var first = Build("-t", "t1", context.Path);
        Assert.True(first.ExitCode == 0, first.Stdout + first.Stderr);

        var second = Build("-t", "t1", context.Path);

        Assert.True(second.ExitCode == 0, second.Stdout + second.Stderr);
        Assert.Equal(6, second.Stdout.Split('\n').Count(l => l.StartsWith("--> Using cache ", StringComparison.Ordinal)));
        Assert.DoesNotContain("\nf1\n", second.Stdout, StringComparison.Ordinal);
        Assert.Equal(first.Stdout.Trim().Split('\n')[^1], second.Stdout.Trim().Split('\n')[^1]);
    }

    [Fact]
    public void Build_ChangedContent_RebuildsFromTheCopyOn()
    {
        context.Write("Containerfile", WebFile);
        context.Write("f1", "one\n");
        var first = Build("-t", "t1", context.Path);
        Assert.True(first.ExitCode == 0, first.Stdout + first.Stderr);
        File.SetLastWriteTimeUtc(Path.Combine(context.Path, "f1"), DateTime.UtcNow.AddHours(-3));
        var touched = Build("-t", "t1", context.Path);
        Assert.Equal(6, touched.Stdout.Split('\n').Count(l => l.StartsWith("--> Using cache ", StringComparison.Ordinal)));

        context.Write("f1", "changed\n");
        var second = Build("-t", "t1", context.Path);

        Assert.True(second.ExitCode == 0, second.Stdout + second.Stderr);
        Assert.Equal(2, second.Stdout.Split('\n').Count(l => l.StartsWith("--> Using cache ", StringComparison.Ordinal)));
        Assert.Equal("changed\n", store.Berth("run", "--rm", "t1", "cat", "/app/f1").Stdout);
    }

    [Fact]
    public void Build_FailingRun_ExitsWithItsCodeNamesTheStepAndTagsNothing()
    {
        context.Write("Containerfile", "FROM localhost/exectest:1\nRUN echo x; exit 3\n");

        var r = Build("-t", "broken", context.Path);

        Assert.Equal(3, r.ExitCode);
        Assert.Contains("x\n", r.Stdout, StringComparison.Ordinal);
        Assert.Equal("Error: building at STEP \"RUN echo x; exit 3\": while running runtime: exit status 3\n", r.Stderr);
        Assert.Equal(1, store.Berth("image", "exists", "broken").ExitCode);
    }

    [Fact]
    public void Build_MultiStage_CopiesFromAnEarlierStageWithBuildArgs()
    {
        context.Write("Containerfile", """
            ARG V=1
            FROM localhost/exectest:1 AS build
            ARG V
            RUN echo built-$V > /out.txt
            FROM localhost/exectest:1
            COPY --from=build /out.txt /final.txt
            RUN cat /final.txt
            """);

        var r = Build("--build-arg", "V=7", "-t", "ms", context.Path);

        Assert.True(r.ExitCode == 0, r.Stdout + r.Stderr);
        Assert.Contains("[1/2] STEP 1/3: FROM localhost/exectest:1 AS build\n", r.Stdout, StringComparison.Ordinal);
        Assert.Contains("[2/2] STEP 2/3: COPY --from=build /out.txt /final.txt\n", r.Stdout, StringComparison.Ordinal);
        Assert.Contains("built-7\n[2/2] COMMIT ms\n", r.Stdout, StringComparison.Ordinal);
        Assert.Equal("built-7\n", store.Berth("run", "--rm", "ms", "cat", "/final.txt").Stdout);
    }

    [Fact]
    public void Build_Target_StopsAtThatStage()
    {
        context.Write("Containerfile", """
            FROM localhost/exectest:1 AS first
            RUN echo first > /which
            FROM localhost/exectest:1 AS second
            RUN echo second > /which
            """);

        var r = Build("--target", "first", "-t", "tgt", context.Path);

        Assert.True(r.ExitCode == 0, r.Stdout + r.Stderr);
        Assert.DoesNotContain("second", r.Stdout, StringComparison.Ordinal);
        Assert.Equal("first\n", store.Berth("run", "--rm", "tgt", "cat", "/which").Stdout);
    }

    [Fact]
    public void Build_NoContainerfile_SaysSoWithPodmansMessage()
    {
        var r = Build(context.Path);

        Assert.Equal(125, r.ExitCode);
        Assert.Equal($"Error: stat {context.Path}/Dockerfile: no such file or directory\n", r.Stderr);
    }

    [Fact]
    public void Build_QuietWithIidfile_PrintsOnlyTheIdAndWritesIt()
    {
        context.Write("Containerfile", "FROM localhost/exectest:1\nRUN echo visible-run-output\nENV B=2\n");
        var iid = Path.Combine(context.Path, "..", Path.GetFileName(context.Path) + ".iid");

        var r = Build("-q", "--iidfile", iid, context.Path);

        Assert.True(r.ExitCode == 0, r.Stdout + r.Stderr);
        var id = r.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1];
        Assert.Matches("^[0-9a-f]{64}$", id);
        Assert.DoesNotContain("STEP", r.Stdout, StringComparison.Ordinal);
        Assert.Equal("sha256:" + id, File.ReadAllText(iid));
        File.Delete(iid);
    }


    [Fact]
    public void Build_WithIidfile_LeavesOutTheShortIdLines()
    {
        // podman (buildah 1.28's logImageID) prints "--> <11 characters>" after each step unless --iidfile is given.
        context.Write("Containerfile", "FROM localhost/exectest:1\nENV C=3\nRUN true\n");
        var iid = Path.Combine(context.Path, "..", Path.GetFileName(context.Path) + ".iid2");

        var r = Build("--iidfile", iid, context.Path);

        Assert.True(r.ExitCode == 0, r.Stdout + r.Stderr);
        Assert.Contains("STEP 3/3: RUN true", r.Stdout, StringComparison.Ordinal);
        Assert.DoesNotMatch("(?m)^--> [0-9a-f]+$", r.Stdout);
        Assert.Equal("sha256:" + r.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1], File.ReadAllText(iid));
        File.Delete(iid);
    }
    [Fact]
    public void Build_CacheMountAndSecret_AreSeenByRunAndNotKept()
    {
        var secret = context.Write("secret.txt", "s3cr3t\n");
        context.Write("Containerfile", """
            FROM localhost/exectest:1
            RUN --mount=type=cache,target=/cache echo run >> /cache/log && cat /cache/log
            RUN --mount=type=secret,id=token cat /run/secrets/token > /seen
            """);

        var first = Build("--secret", $"id=token,src={secret}", "--no-cache", "-t", "sec", context.Path);
        var second = Build("--secret", $"id=token,src={secret}", "--no-cache", "-t", "sec", context.Path);

        Assert.True(first.ExitCode == 0, first.Stdout + first.Stderr);
        Assert.True(second.ExitCode == 0, second.Stdout + second.Stderr);
        Assert.Contains("run\nrun\n", second.Stdout, StringComparison.Ordinal);
        Assert.Equal("s3cr3t\n", store.Berth("run", "--rm", "sec", "cat", "/seen").Stdout);
        Assert.NotEqual(0, store.Berth("run", "--rm", "sec", "ls", "/run/secrets/token").ExitCode);
        Assert.NotEqual(0, store.Berth("run", "--rm", "sec", "ls", "/cache/log").ExitCode);
    }

    [Fact]
    public void Build_MissingSecretFile_IsRefusedBeforeAnythingRuns()
    {
        context.Write("Containerfile", "FROM localhost/exectest:1\nRUN echo should-not-run\n");

        var r = Build("--secret", "id=x,src=/nonexistent/secret", context.Path);

        Assert.Equal(125, r.ExitCode);
        Assert.DoesNotContain("should-not-run", r.Stdout, StringComparison.Ordinal);
        Assert.StartsWith("Error: --secret id=x,src=/nonexistent/secret: the file /nonexistent/secret does not exist", r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_LayersOff_MakesOneLayerForTheStage()
    {
        context.Write("Containerfile", "FROM localhost/exectest:1\nRUN echo a > /a\nENV Q=1\nRUN echo b > /b\n");

        var r = Build("--layers=false", "-t", "flat", context.Path);

        Assert.True(r.ExitCode == 0, r.Stdout + r.Stderr);
        using var json = JsonDocument.Parse(store.Berth("image", "inspect", "flat").Stdout);
        Assert.Equal(2, json.RootElement[0].GetProperty("RootFS").GetProperty("Layers").GetArrayLength());
        Assert.Equal("a\nb\n", store.Berth("run", "--rm", "flat", "cat", "/a", "/b").Stdout);
    }

    [Fact]
    public void Images_HideIntermediateImagesUnlessAll_AndRmiRemovesThem()
    {
        context.Write("Containerfile", "FROM localhost/exectest:1\nENV A=1\nRUN echo a > /a\nCMD [\"sh\"]\n");
        var r = Build("-t", "inter", context.Path);
        Assert.True(r.ExitCode == 0, r.Stdout + r.Stderr);

        var shown = store.Berth("images", "--format", "{{.Repository}}").Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var all = store.Berth("images", "-a", "--format", "{{.Repository}}").Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var intermediate = store.Berth("images", "--filter", "intermediate=true", "-a", "-q").Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(["localhost/exectest", "localhost/inter"], shown.Order(StringComparer.Ordinal));
        Assert.Equal(4, all.Length);
        Assert.Equal(2, intermediate.Length);
        var rmi = store.Berth("rmi", "inter");
        Assert.True(rmi.ExitCode == 0, rmi.Stderr);
        Assert.Equal(3, rmi.Stdout.Split('\n').Count(l => l.StartsWith("Deleted: ", StringComparison.Ordinal)));
        Assert.Equal(["localhost/exectest"], store.Berth("images", "-a", "--format", "{{.Repository}}").Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void Build_WorkdirThenRun_RunsInTheNewDirectory()
    {
        context.Write("Containerfile", "FROM localhost/exectest:1\nWORKDIR /srv/app\nRUN pwd > /where\nUSER alice\nRUN id -u > /tmp/uid\n");

        var r = Build("-t", "wd", context.Path);

        Assert.True(r.ExitCode == 0, r.Stdout + r.Stderr);
        Assert.Equal("/srv/app\n1000\n", store.Berth("run", "--rm", "wd", "cat", "/where", "/tmp/uid").Stdout);
    }

    [Fact]
    public void Build_SquashAll_MakesOneLayerOfTheWholeTree()
    {
        context.Write("Containerfile", "FROM localhost/exectest:1\nRUN echo a > /a\nENV Q=1\n");

        var r = Build("--squash-all", "-t", "squashed", context.Path);

        Assert.True(r.ExitCode == 0, r.Stdout + r.Stderr);
        using var json = JsonDocument.Parse(store.Berth("image", "inspect", "squashed").Stdout);
        Assert.Equal(1, json.RootElement[0].GetProperty("RootFS").GetProperty("Layers").GetArrayLength());
        Assert.Equal("a\n1\n", store.Berth("run", "--rm", "squashed", "sh", "-c", "cat /a; echo $Q").Stdout);
    }

    [Fact]
    public void Build_Timestamp_SameInputsGiveTheSameImage()
    {
        context.Write("Containerfile", "FROM localhost/exectest:1\nCOPY f /f\nRUN echo made > /made\nLABEL l=1\n");
        context.Write("f", "content\n");

        var first = Build("--timestamp", "1700000000", "--no-cache", "-q", context.Path);
        File.SetLastWriteTimeUtc(Path.Combine(context.Path, "f"), DateTime.UtcNow.AddMinutes(-5));
        var second = Build("--timestamp", "1700000000", "--no-cache", "-q", context.Path);

        Assert.True(first.ExitCode == 0, first.Stderr);
        Assert.True(second.ExitCode == 0, second.Stderr);
        Assert.Equal(first.Stdout.Trim().Split('\n')[^1], second.Stdout.Trim().Split('\n')[^1]);
        Assert.Equal("2023-11-14T22:13:20Z\n", store.Berth("image", "inspect", "--format", "{{.Created.UTC.Format \"2006-01-02T15:04:05Z07:00\"}}", second.Stdout.Trim().Split('\n')[^1]).Stdout);
    }

    [Fact]
    public void Build_BindMountThroughALinkOut_NeverReachesTheHost()
    {
        Directory.CreateSymbolicLink(Path.Combine(context.Path, "hostetc"), "/etc");
        context.Write("Containerfile", "FROM localhost/exectest:1\nRUN --mount=type=bind,source=hostetc/passwd,target=/p cat /p\n");

        var r = Build(context.Path);

        Assert.Equal(125, r.ExitCode);
        Assert.DoesNotContain("root:x:0:0", r.Stdout, StringComparison.Ordinal);
        Assert.Contains("source \"hostetc/passwd\" does not exist in the build context", r.Stderr, StringComparison.Ordinal);
    }
}

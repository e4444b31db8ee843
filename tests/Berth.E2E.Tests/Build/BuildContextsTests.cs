using System.Formats.Tar;

namespace Berth.E2E.Tests.Build;

/// <summary>
/// <c>berth build --build-context</c> (directories and images as podman 4.3.1 takes them) and <c>--output</c>/<c>-o</c>
/// (the final root file system as a directory, a tar file or a tar on standard output).
/// </summary>
public sealed class BuildContextsTests : IDisposable
{
    private readonly ContainerStore store = new();
    private readonly TempDir context = new();
    private readonly TempDir scratch = new();

    public void Dispose()
    {
        store.Dispose();
        context.Dispose();
        scratch.Dispose();
    }

    private RunResult Build(params string[] args) => store.Berth(["build", .. args]);

    private static RunResult Ok(RunResult r)
    {
        Assert.True(r.ExitCode == 0, r.Stdout + r.Stderr);
        return r;
    }

    [Fact]
    public void Build_DirectoryContext_IsCopiedFromByName()
    {
        scratch.Write("extra/sub/e.txt", "extra\n");
        context.Write("Containerfile", "FROM localhost/exectest:1\nCOPY --from=extra sub/e.txt /e.txt\n");

        Ok(Build("--build-context", "extra=" + Path.Combine(scratch.Path, "extra"), "-t", "bc1", context.Path));

        Assert.Equal("extra\n", Ok(store.Berth("run", "--rm", "bc1", "cat", "/e.txt")).Stdout);
    }

    [Fact]
    public void Build_DirectoryContext_CannotBeLeftThroughALink()
    {
        scratch.Write("secret", "host file\n");
        Directory.CreateDirectory(Path.Combine(scratch.Path, "extra"));
        File.CreateSymbolicLink(Path.Combine(scratch.Path, "extra", "up"), "..");
        context.Write("Containerfile", "FROM localhost/exectest:1\nCOPY --from=extra up/secret /s\n");

        var r = Build("--build-context", "extra=" + Path.Combine(scratch.Path, "extra"), "-t", "bc2", context.Path);

        Assert.NotEqual(0, r.ExitCode);
        Assert.Equal(1, store.Berth("image", "exists", "bc2").ExitCode);
    }

    [Fact]
    public void Build_ImageContexts_AreBaseAndCopySource()
    {
        context.Write("Containerfile", "FROM base\nCOPY --from=img /bin/busybox /bb2\n");

        Ok(Build("--build-context", "base=docker-image://" + ContainerStore.Image, "--build-context", "img=container-image://" + ContainerStore.Image, "-t", "bc3", context.Path));

        Assert.Equal("ok\n", Ok(store.Berth("run", "--rm", "bc3", "sh", "-c", "cmp /bb2 /bin/busybox && echo ok")).Stdout);
    }

    [Fact]
    public void Build_BadContexts_AreRefusedBeforeBuilding()
    {
        context.Write("Containerfile", "FROM localhost/exectest:1\nCOPY --from=extra e.txt /e.txt\n");

        var noValue = Build("--build-context", "extra", "-t", "x", context.Path);
        Assert.Equal(125, noValue.ExitCode);
        Assert.Equal("Error: while parsing additional build context: [\"extra\"], accepts value in the form of key=value\n", noValue.Stderr);

        var missing = Build("--build-context", "extra=/nonexistent-berth-dir", "-t", "x", context.Path);
        Assert.Equal(125, missing.ExitCode);
        Assert.Contains("/nonexistent-berth-dir does not exist", missing.Stderr, StringComparison.Ordinal);
        Assert.Equal("", missing.Stdout);
    }

    [Fact]
    public void Build_OutputLocalAndBareDirectory_HoldTheFinalRootFileSystem()
    {
        context.Write("Containerfile", "FROM localhost/exectest:1\nRUN echo hi > /f && ln -s /etc/passwd /link\n");
        var dest = Path.Combine(scratch.Path, "out1");
        var bare = Path.Combine(scratch.Path, "out2");

        Ok(Build("-o", "type=local,dest=" + dest, "-t", "o1", context.Path));
        Ok(Build("--output", bare, context.Path));

        foreach (var dir in new[] { dest, bare })
        {
            Assert.Equal("hi\n", File.ReadAllText(Path.Combine(dir, "f")));
            Assert.True(File.Exists(Path.Combine(dir, "bin", "busybox")));
            // A link in the image stays a link: it is not followed to the host's /etc/passwd.
            Assert.Equal("/etc/passwd", new FileInfo(Path.Combine(dir, "link")).LinkTarget);
        }

        Assert.Equal(0, store.Berth("image", "exists", "o1").ExitCode);
    }

    [Fact]
    public void Build_OutputTarFileAndStandardOutput_AreTarsOfTheRootFileSystem()
    {
        context.Write("Containerfile", "FROM localhost/exectest:1\nRUN echo hi > /f\n");
        var file = Path.Combine(scratch.Path, "out.tar");

        Ok(Build("-o", "type=tar,dest=" + file, context.Path));
        var piped = Path.Combine(scratch.Path, "stdout.tar");
        // The shell sends standard output to a file: the tar's bytes as they were written.
        var stdout = BerthRunner.RunAs("/bin/sh", null, "-c", "out=$1; shift; exec \"$@\" > \"$out\"", "sh", piped,
            BerthRunner.Binary, "--root", store.Root, "--runroot", store.RunRoot, "build", "-o", "-", context.Path);

        Assert.Contains("f", Names(File.ReadAllBytes(file)));
        Assert.Contains("bin/busybox", Names(File.ReadAllBytes(file)));
        Assert.True(stdout.ExitCode == 0, stdout.Stderr);
        var names = Names(File.ReadAllBytes(piped));
        Assert.Contains("f", names);
        Assert.Contains("bin/busybox", names);
        // The build's own lines went to standard error.
        Assert.Contains("STEP 2/2: RUN echo hi > /f", stdout.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_OutputBadType_IsPodmansErrorAndBuildsNothing()
    {
        context.Write("Containerfile", "FROM localhost/exectest:1\nRUN echo hi > /f\n");

        var r = Build("-o", "type=foo,dest=x", "-t", "never", context.Path);

        Assert.Equal(125, r.ExitCode);
        Assert.Equal("Error: failed to parse build output: invalid type \"foo\" selected for build output options \"type=foo,dest=x\"\n", r.Stderr);
        Assert.Equal(1, store.Berth("image", "exists", "never").ExitCode);
    }

    private static List<string> Names(byte[] tar)
    {
        var names = new List<string>();
        using var reader = new TarReader(new MemoryStream(tar));
        while (reader.GetNextEntry() is { } entry)
        {
            names.Add(entry.Name.TrimEnd('/'));
        }

        return names;
    }
}

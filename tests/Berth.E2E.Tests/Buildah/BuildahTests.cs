using System.Diagnostics;
using System.Text.Json;

namespace Berth.E2E.Tests.Buildah;

/// <summary>
/// <c>berth buildah</c> step by step, end to end in a private store: the tutorial's scratch build (a package manager
/// installing into the mounted root), an image changed with run, copy and config and committed, and bad input with
/// buildah 1.28's messages and exit codes.
/// </summary>
public sealed class BuildahTests : IDisposable
{
    private readonly ContainerStore store = new();
    private readonly TempDir dir = new();

    public void Dispose()
    {
        store.Buildah("rm", "--all");
        store.Dispose();
        dir.Dispose();
    }

    private string Ok(RunResult r)
    {
        Assert.True(r.ExitCode == 0, $"exit {r.ExitCode}: {r.Stdout}{r.Stderr}");
        return r.Stdout;
    }

    [Fact]
    public void ScratchBuild_DpkgIntoTheMount_CommitsARunnableImage()
    {
        var deb = BusyboxDeb();
        var name = Ok(store.Buildah("from", "scratch")).Trim();
        Assert.Equal("working-container", name);
        var mount = Ok(store.Buildah("mount", name)).Trim();
        Assert.True(Directory.Exists(mount), mount);

        // The host's package tool installs into the container's root file system.
        var dpkg = Process.Start(new ProcessStartInfo("dpkg", ["-x", deb, mount]) { RedirectStandardError = true })!;
        dpkg.WaitForExit();
        Assert.Equal(0, dpkg.ExitCode);
        Assert.True(File.Exists(Path.Combine(mount, "bin/busybox")));

        Ok(store.Buildah("config", "--cmd", "/bin/busybox echo hello-from-scratch", "--port", "8080", "--label", "built=by-buildah", name));
        Ok(store.Buildah("umount", name));
        var commit = store.Buildah("commit", name, "scratchy");
        var id = Ok(commit).Trim();
        Assert.Matches("^[0-9a-f]{64}$", id);
        Assert.Contains("Getting image source signatures\n", commit.Stderr, StringComparison.Ordinal);
        Assert.Contains($"Copying config sha256:{id}\n", commit.Stderr, StringComparison.Ordinal);
        Assert.EndsWith("Writing manifest to image destination\nStoring signatures\n", commit.Stderr, StringComparison.Ordinal);

        Assert.Equal("hello-from-scratch\n", Ok(store.Berth("run", "--rm", "scratchy")));
        using var inspect = JsonDocument.Parse(Ok(store.Berth("image", "inspect", "scratchy")));
        var config = inspect.RootElement[0].GetProperty("Config");
        Assert.True(config.GetProperty("ExposedPorts").TryGetProperty("8080", out _));
        Assert.Equal("by-buildah", config.GetProperty("Labels").GetProperty("built").GetString());
        Assert.Equal("1.28.2", config.GetProperty("Labels").GetProperty("io.buildah.version").GetString());
        Assert.Contains("localhost/scratchy", Ok(store.Buildah("images")), StringComparison.Ordinal);
    }

    [Fact]
    public void FromImage_RunCopyConfigCommit_GivesAnImageWithAllOfIt()
    {
        var name = Ok(store.Buildah("from", "--name", "work", ContainerStore.Image)).Trim();
        Assert.Equal("work", name);
        var listed = Ok(store.Buildah("containers", "--format", "{{.ContainerName}}|{{.ImageName}}|{{.Builder}}"));
        Assert.Equal($"work|{ContainerStore.Image}|   *\n", listed);

        Ok(store.Buildah("run", name, "--", "sh", "-c", "echo ran > /ran.txt"));
        var file = dir.Write("app.conf", "setting=1\n");
        var digest = Ok(store.Buildah("copy", "--chown", "1000:1000", "--chmod", "600", name, file, "/etc/app.conf")).Trim();
        Assert.Matches("^[0-9a-f]{64}$", digest);
        Assert.Equal("", Ok(store.Buildah("copy", "-q", name, file, "/second.conf")));
        Ok(store.Buildah("config", "--env", "GREETING=hi", "--workingdir", "/etc", "--entrypoint", "[\"/bin/sh\",\"-c\"]",
            "--cmd", "[\"echo $GREETING; cat /ran.txt app.conf\"]", "--created-by", "buildah e2e", "--history-comment", "step one", name));

        var seen = Ok(store.Buildah("run", "--user", "1000", name, "sh", "-c", "id -u; pwd; echo $GREETING; ls -ln /etc/app.conf"));
        Assert.StartsWith("1000\n/etc\nhi\n-rw-------    1 1000     1000", seen, StringComparison.Ordinal);

        var inspect = Ok(store.Buildah("inspect", "--format", "{{.Container}} {{.OCIv1.Config.WorkingDir}} {{.ImageCreatedBy}}", name));
        Assert.Equal("work /etc buildah e2e\n", inspect);

        var iid = Path.Combine(dir.Path, "iid");
        Assert.Equal("", Ok(store.Buildah("commit", "-q", "--rm", "--iidfile", iid, name, "changed:1")));
        Assert.Matches("^sha256:[0-9a-f]{64}$", File.ReadAllText(iid));
        Assert.Equal("", Ok(store.Buildah("containers", "-q")));

        Assert.Equal("hi\nran\nsetting=1\n", Ok(store.Berth("run", "--rm", "changed:1")));
        using var image = JsonDocument.Parse(Ok(store.Buildah("inspect", "--type", "image", "changed:1")));
        var history = image.RootElement.GetProperty("OCIv1").GetProperty("history");
        var last = history[history.GetArrayLength() - 1];
        Assert.Equal("buildah e2e", last.GetProperty("created_by").GetString());
        Assert.Equal("step one", last.GetProperty("comment").GetString());
    }

    [Fact]
    public void Commit_Squash_GivesOneLayerWithBaseAndChanges()
    {
        var name = Ok(store.Buildah("from", ContainerStore.Image)).Trim();
        Ok(store.Buildah("run", name, "--", "sh", "-c", "echo added > /added.txt"));

        Ok(store.Buildah("commit", "-q", "--squash", name, "squashed"));

        using var inspect = JsonDocument.Parse(Ok(store.Berth("image", "inspect", "squashed")));
        Assert.Equal(1, inspect.RootElement[0].GetProperty("RootFS").GetProperty("Layers").GetArrayLength());
        Assert.Equal("added\nroot:x:0:0:root:/root:/bin/sh\n", Ok(store.Berth("run", "--rm", "squashed", "sh", "-c", "cat /added.txt; head -1 /etc/passwd")));
    }

    [Fact]
    public void PullTagRmi_FromAnArchive_PrintIdsAndNames()
    {
        var archive = Path.Combine(dir.Path, "image.tar");
        Ok(store.Berth("save", "-o", archive, ContainerStore.Image));
        var id = Ok(store.Berth("image", "inspect", "--format", "{{.Id}}", ContainerStore.Image)).Trim();
        Ok(store.Buildah("tag", ContainerStore.Image, "other:2"));
        Assert.Equal(id + "\n", Ok(store.Buildah("rmi", "--force", id)));
        Assert.Equal("", Ok(store.Buildah("images", "-q")));

        var pulled = store.Buildah("pull", "-q", "docker-archive:" + archive);

        Assert.Equal(id + "\n", Ok(pulled));
        Assert.Equal(id[..12] + "\n", Ok(store.Buildah("images", "-q")));
        var rmi = store.Buildah("rmi", "nope");
        Assert.Equal(125, rmi.ExitCode);
        Assert.Equal("Error: 1 error occurred:\n\t* nope: image not known\n\n\n", rmi.Stderr);
    }

    [Fact]
    public void MountUmountRm_CountMountsAndListThem()
    {
        var name = Ok(store.Buildah("from", ContainerStore.Image)).Trim();
        Assert.Equal("exectest-working-container", name);
        var path = Ok(store.Buildah("mount", name)).Trim();
        Assert.Equal($"{name} {path}\n", Ok(store.Buildah("mount")));
        var id = Ok(store.Buildah("umount", name)).Trim();
        Assert.Matches("^[0-9a-f]{64}$", id);
        Assert.Equal("", Ok(store.Buildah("mount")));
        Assert.Equal(id + "\n", Ok(store.Buildah("rm", name)));
        Assert.Equal("", Ok(store.Buildah("containers", "--noheading")));
    }

    [Fact]
    public void Run_FailingCommand_ExitsWithItsStatus()
    {
        var name = Ok(store.Buildah("from", ContainerStore.Image)).Trim();

        var r = store.Buildah("run", name, "--", "sh", "-c", "echo before; exit 7");

        Assert.Equal(7, r.ExitCode);
        Assert.Equal("before\n", r.Stdout);
        Assert.Equal("Error: while running runtime: exit status 7\n", r.Stderr);
    }

    [Theory]
    [InlineData("Error: reading build container \"nope\": container not known\n", "run", "nope", "true")]
    [InlineData("Error: reading build container \"nope\": container not known\n", "config", "--cmd", "x", "nope")]
    [InlineData("Error: reading build container \"nope\": container not known\n", "commit", "nope", "img")]
    [InlineData("Error: reading build container \"nope\": container not known\n", "mount", "nope")]
    [InlineData("Error: removing container \"nope\": container not known\n", "rm", "nope")]
    [InlineData("Error: error unmounting container nope: container not known\n", "umount", "nope")]
    [InlineData("Error: an image name (or \"scratch\") must be specified\n", "from")]
    [InlineData("Error: localhost/nosuch: image not known\n", "from", "--pull-never", "localhost/nosuch")]
    [InlineData("Error: importing settings: nope: image not known\n", "inspect", "nope")]
    [InlineData("Error: the only recognized types are \"container\" and \"image\"\n", "inspect", "--type", "bad", "x")]
    [InlineData("Error: container ID must be specified\n", "commit")]
    [InlineData("Error: src must be specified\n", "copy", "x")]
    public void BadInput_BuildahsMessageAndExit125(string message, params string[] args)
    {
        var r = store.Buildah(args);

        Assert.Equal(125, r.ExitCode);
        Assert.Equal(message, r.Stderr);
    }

    [Fact]
    public void Commit_InvalidName_ChangesNothing()
    {
        var name = Ok(store.Buildah("from", ContainerStore.Image)).Trim();
        var before = Ok(store.Buildah("images", "-q"));

        var r = store.Buildah("commit", name, "BAD:NAME::");

        Assert.Equal(125, r.ExitCode);
        Assert.Equal("Error: cannot parse input: \"BAD:NAME::\": invalid reference format\n", r.Stderr);
        Assert.Equal(before, Ok(store.Buildah("images", "-q")));
    }

    [Fact]
    public void Config_BadEnv_KeepsTheConfig()
    {
        var name = Ok(store.Buildah("from", ContainerStore.Image)).Trim();
        Ok(store.Buildah("config", "--env", "A=1", name));

        var r = store.Buildah("config", "--env", "B=2", "--env", "NOVALUE", name);

        Assert.Equal(125, r.ExitCode);
        Assert.Equal("Error: setting env \"NOVALUE\": no value given\n", r.Stderr);
        Assert.Equal("[A=1]\n", Ok(store.Buildah("inspect", "--format", "{{.OCIv1.Config.Env}}", name)));
    }

    /// <summary>
    /// busybox-static's .deb from apt's cache, or from /var/cache/berth-tests where it is downloaded once
    /// (<c>apt-get download busybox-static</c>) when apt's cache lacks it.
    /// </summary>
    private static string BusyboxDeb()
    {
        const string cache = "/var/cache/berth-tests";
        foreach (var folder in new[] { "/var/cache/apt/archives", cache })
        {
            if (Directory.Exists(folder) && Directory.GetFiles(folder, "busybox-static_*.deb") is [var found, ..])
            {
                return found;
            }
        }

        Directory.CreateDirectory(cache);
        var get = Process.Start(new ProcessStartInfo("apt-get", ["download", "busybox-static"]) { WorkingDirectory = cache, RedirectStandardOutput = true, RedirectStandardError = true })!;
        get.WaitForExit();
        return Directory.GetFiles(cache, "busybox-static_*.deb") is [var deb, ..]
            ? deb
            : throw new InvalidOperationException("busybox-static's .deb is neither in apt's cache nor downloadable: " + get.StandardError.ReadToEnd());
    }
}

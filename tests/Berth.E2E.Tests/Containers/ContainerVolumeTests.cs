using System.Diagnostics;
using System.Text.Json;
using Berth.E2E.Tests.Networks;

namespace Berth.E2E.Tests.Containers;

/// <summary>
/// Volumes and mounts in containers, against real conmon/runc in a private store: the tutorial's four web servers,
/// read-only binds, overlay (<c>O</c>) binds, image VOLUMEs with copy-up, <c>rm -v</c>, tmpfs, devices,
/// <c>--volumes-from</c>, <c>U</c>, and bad input that leaves nothing behind.
/// </summary>
public sealed class ContainerVolumeTests : IClassFixture<ContainerStoreFixture>
{
    private const string Hello = "Hello httpd-test-server";
    private const string Serve = "exec httpd -f -p 80 -h /var/www/html";
    private readonly ContainerStoreFixture _f;

    public ContainerVolumeTests(ContainerStoreFixture fixture) => _f = fixture;

    private RunResult Berth(params string[] args) => _f.Berth(args);

    private RunResult Ok(params string[] args)
    {
        var r = Berth(args);
        Assert.True(r.ExitCode == 0, $"berth {string.Join(' ', args)}: exit {r.ExitCode}: {r.Stderr}");
        return r;
    }

    [Fact]
    public async Task Tutorial_FourWebServers_ServeThePage_ThenStopAndRemove()
    {
        var htdocs = Path.Combine(_f.Dir.Path, "htdocs");
        Directory.CreateDirectory(htdocs);
        File.WriteAllText(Path.Combine(htdocs, "index.html"), Hello + "\n");
        var port = TestNetworks.FreePort();

        // 1: --rm and nothing else (the page is made inside); 2: a published port; 3: a named volume; 4: a host directory.
        Ok("run", "-d", "--rm", "--name", "httpd-test-1", "box", "sh", "-c", $"mkdir -p /var/www/html && echo {Hello} > /var/www/html/index.html && {Serve}");
        Ok("run", "-d", "--name", "httpd-test-2", "-p", $"{port}:80", "box", "sh", "-c", $"mkdir -p /var/www/html && echo {Hello} > /var/www/html/index.html && {Serve}");
        Ok("run", "--rm", "-v", "httpd-test-3-volume:/var/www/html", "box", "sh", "-c", $"echo {Hello} > /var/www/html/index.html");
        Ok("run", "-d", "--name", "httpd-test-3", "-v", "httpd-test-3-volume:/var/www/html", "box", "sh", "-c", Serve);
        Ok("run", "-d", "--name", "httpd-test-4", "-v", $"{htdocs}:/var/www/html:Z", "box", "sh", "-c", Serve);
        try
        {
            foreach (var name in new[] { "httpd-test-1", "httpd-test-3", "httpd-test-4" })
            {
                var ip = Ok("inspect", "--format", "{{.NetworkSettings.IPAddress}}", name).Stdout.Trim();
                Assert.Equal(Hello + "\n", await FetchAsync(ip, 80));
            }

            Assert.Equal(Hello + "\n", await FetchAsync("127.0.0.1", port));

            var volumeData = Ok("volume", "inspect", "--format", "{{.Mountpoint}}", "httpd-test-3-volume").Stdout.Trim();
            Assert.Equal(Hello + "\n", File.ReadAllText(Path.Combine(volumeData, "index.html")));
            var mounts = Inspect("httpd-test-3").GetProperty("Mounts");
            var mount = Assert.Single(mounts.EnumerateArray());
            Assert.Equal("volume", mount.GetProperty("Type").GetString());
            Assert.Equal("httpd-test-3-volume", mount.GetProperty("Name").GetString());
            Assert.Equal(volumeData, mount.GetProperty("Source").GetString());
            Assert.Equal("/var/www/html", mount.GetProperty("Destination").GetString());
            Assert.True(mount.GetProperty("RW").GetBoolean());
            Assert.Equal(
                "httpd-test-3-volume:/var/www/html:rw,rprivate,nosuid,nodev,rbind",
                Assert.Single(Inspect("httpd-test-3").GetProperty("HostConfig").GetProperty("Binds").EnumerateArray()).GetString());

            Ok("stop", "-t", "0", "httpd-test-1", "httpd-test-2", "httpd-test-3", "httpd-test-4");
            Assert.True(ContainerStoreFixture.Eventually(() => Berth("container", "exists", "httpd-test-1").ExitCode == 1), "the --rm container was not removed");
            Ok("rm", "httpd-test-2", "httpd-test-3", "httpd-test-4");
            Assert.Equal("", Ok("ps", "-a", "-q", "--filter", "name=httpd-test").Stdout);

            // The named volume outlives its containers; the host directory is untouched.
            Assert.Equal(0, Berth("volume", "exists", "httpd-test-3-volume").ExitCode);
            Assert.Equal(new[] { "index.html" }, Directory.GetFileSystemEntries(htdocs).Select(Path.GetFileName));
            Ok("volume", "rm", "httpd-test-3-volume");
        }
        finally
        {
            Berth("rm", "-f", "-t", "0", "httpd-test-1", "httpd-test-2", "httpd-test-3", "httpd-test-4");
            Berth("volume", "rm", "-f", "httpd-test-3-volume");
        }
    }

    [Fact]
    public void ReadOnlyBind_RefusesWrites_HostUnchanged()
    {
        var dir = HostDir("ro", ("kept", "1"));
        var r = Berth("run", "--rm", "--network", "none", "-v", $"{dir}:/d:ro", "box", "sh", "-c", "cat /d/kept; touch /d/new");
        Assert.Equal(1, r.ExitCode);
        Assert.Equal("1", r.Stdout);
        Assert.Contains("Read-only file system", r.Stderr, StringComparison.Ordinal);
        Assert.Equal(new[] { "kept" }, Directory.GetFileSystemEntries(dir).Select(Path.GetFileName));

        var mount = Berth("run", "--rm", "--network", "none", "--mount", $"type=bind,source={dir},target=/m,readonly", "box", "touch", "/m/new");
        Assert.Equal(1, mount.ExitCode);
        Assert.False(File.Exists(Path.Combine(dir, "new")));
    }

    [Fact]
    public void OverlayBind_ChangesStayInTheContainer()
    {
        var dir = HostDir("overlay", ("existing", "old"));
        var r = Ok("run", "--rm", "--network", "none", "-v", $"{dir}:/d:O", "box", "sh", "-c", "echo new > /d/added && rm /d/existing && echo changed > /d/other && ls /d");
        Assert.Equal("added\nother\n", r.Stdout);
        Assert.Equal(new[] { "existing" }, Directory.GetFileSystemEntries(dir).Select(Path.GetFileName));
        Assert.Equal("old", File.ReadAllText(Path.Combine(dir, "existing")));

        // A named volume with O: the container sees the volume's files, its changes stay out of the volume.
        try
        {
            Ok("run", "--rm", "--network", "none", "-v", "ovl-vol:/d", "box", "sh", "-c", "echo base > /d/f");
            Assert.Equal("base\nchanged\n", Ok("run", "--rm", "--network", "none", "-v", "ovl-vol:/d:O", "box", "sh", "-c", "cat /d/f && echo changed > /d/f && cat /d/f").Stdout);
            Assert.Equal("base\n", Ok("run", "--rm", "--network", "none", "-v", "ovl-vol:/d", "box", "cat", "/d/f").Stdout);
        }
        finally
        {
            Berth("volume", "rm", "-f", "ovl-vol");
        }
    }

    [Fact]
    public void ImageVolume_AnonymousVolumeWithImageContent_RemovedByRmV()
    {
        var image = SeededImage();
        var before = Volumes();
        Ok("run", "--name", "anon-1", "--network", "none", image, "cat", "/data/seed");
        Assert.Equal("seed\n", Ok("logs", "anon-1").Stdout);
        var added = Volumes().Except(before).ToList();
        var name = Assert.Single(added);
        Assert.Matches("^[0-9a-f]{64}$", name);
        var mount = Assert.Single(Inspect("anon-1").GetProperty("Mounts").EnumerateArray());
        Assert.Equal(("volume", name, "/data"), (mount.GetProperty("Type").GetString(), mount.GetProperty("Name").GetString(), mount.GetProperty("Destination").GetString()));

        Ok("rm", "-v", "anon-1");
        Assert.Equal(before, Volumes());

        // run --rm takes its anonymous volume along too, a named one stays.
        Ok("run", "--rm", "--network", "none", "-v", "kept-named:/other", image, "true");
        Assert.Equal(before.Append("kept-named").Order(), Volumes().Order());
        Ok("volume", "rm", "kept-named");
    }

    [Fact]
    public void NamedVolume_CopyUpOnFirstUse_NoCopyLeavesItEmpty_UChownsToTheUser()
    {
        var image = SeededImage();
        try
        {
            Assert.Equal("seed\n", Ok("run", "--rm", "--network", "none", "-v", "copied:/data", image, "cat", "/data/seed").Stdout);
            // The content stays the volume's own: a second image's content does not replace it.
            Assert.Equal("seed\n", Ok("run", "--rm", "--network", "none", "-v", "copied:/data", "box", "cat", "/data/seed").Stdout);
            Assert.Equal("", Ok("run", "--rm", "--network", "none", "-v", "not-copied:/data:nocopy", image, "ls", "/data").Stdout);
            Assert.Equal("1000:1000\n", Ok("run", "--rm", "--network", "none", "--user", "1000", "-v", "owned:/home/box:U", "box", "stat", "-c", "%u:%g", "/home/box").Stdout);
        }
        finally
        {
            Berth("volume", "rm", "-f", "copied", "not-copied", "owned");
        }
    }

    [Fact]
    public void VolumesFrom_SharesTheOtherContainersVolumes_ReadOnlyWhenAsked()
    {
        try
        {
            Ok("create", "--name", "vf-source", "--network", "none", "-v", "shared-vf:/shared", "box", "true");
            Ok("run", "--rm", "--network", "none", "--volumes-from", "vf-source", "box", "sh", "-c", "echo from-a > /shared/f");
            Assert.Equal("from-a\n", Ok("run", "--rm", "--network", "none", "--volumes-from", "vf-source:ro", "box", "cat", "/shared/f").Stdout);
            var r = Berth("run", "--rm", "--network", "none", "--volumes-from", "vf-source:ro", "box", "touch", "/shared/g");
            Assert.Equal(1, r.ExitCode);
        }
        finally
        {
            Berth("rm", "-f", "vf-source");
            Berth("volume", "rm", "-f", "shared-vf");
        }
    }

    [Fact]
    public void TmpfsDeviceAndImageMounts()
    {
        var mounts = Ok("run", "--rm", "--network", "none", "--tmpfs", "/scratch:size=1m", "--mount", "type=tmpfs,destination=/t2,tmpfs-size=2m", "box", "cat", "/proc/mounts").Stdout;
        Assert.Matches(@"(?m)^tmpfs /scratch tmpfs [^ ]*size=1024k", mounts);
        Assert.Matches(@"(?m)^tmpfs /t2 tmpfs [^ ]*size=2048k", mounts);

        Assert.Equal("yes\n", Ok("run", "--rm", "--network", "none", "--device", "/dev/null:/dev/mynull:rw", "box", "sh", "-c", "test -c /dev/mynull && echo > /dev/mynull && echo yes").Stdout);

        Assert.Equal("busybox\n", Ok("run", "--rm", "--network", "none", "--mount", "type=image,source=box,destination=/img", "box", "ls", "/img/bin/busybox").Stdout.Replace("/img/bin/", "", StringComparison.Ordinal));
        Assert.Equal(1, Berth("run", "--rm", "--network", "none", "--mount", "type=image,source=box,destination=/img", "box", "touch", "/img/x").ExitCode);
    }

    [Fact]
    public void BadInput_OneErrorLine_NothingLeftBehind()
    {
        var volumesBefore = Volumes();
        var containersBefore = Ok("ps", "-a", "-q").Stdout;
        foreach (var args in new[]
        {
            new[] { "-v", "/nonexistent/berth-test:/d" },
            new[] { "-v", "/tmp:relative" },
            new[] { "-v", "named-never-made:/d:bogus" },
            new[] { "-v", "named-never-made:/d", "-v", "/tmp:/d" },
            new[] { "--mount", "type=bind,target=/x" },
            new[] { "--mount", "type=nonsense,target=/x" },
            new[] { "--device", "/dev/berth-no-such-device" },
            new[] { "--volumes-from", "no-such-container" },
        })
        {
            var r = Berth(["create", "--name", "bad-mount", "--network", "none", .. args, "box", "true"]);
            Assert.True(r.ExitCode == 125, $"{string.Join(' ', args)}: exit {r.ExitCode}: {r.Stderr}");
            Assert.StartsWith("Error: ", r.Stderr, StringComparison.Ordinal);
            Assert.Single(r.Stderr.TrimEnd('\n').Split('\n'));
            Assert.Equal(containersBefore, Ok("ps", "-a", "-q").Stdout);
            Assert.Equal(volumesBefore, Volumes());
        }
    }

    private JsonElement Inspect(string name) => JsonDocument.Parse(Ok("inspect", name).Stdout).RootElement[0].Clone();

    private List<string> Volumes() => [.. Ok("volume", "ls", "-q").Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order()];

    private string HostDir(string name, params (string File, string Text)[] files)
    {
        var dir = Path.Combine(_f.Dir.Path, name + "-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dir);
        foreach (var (file, text) in files)
        {
            File.WriteAllText(Path.Combine(dir, file), text);
        }

        return dir;
    }

    /// <summary>An image (made once) like box (the fixture's image directory) with <c>VOLUME /data</c> and the file /data/seed.</summary>
    private string SeededImage()
    {
        const string name = "localhost/seeded:1";
        lock (_f)
        {
            if (Berth("image", "exists", name).ExitCode != 0)
            {
                var root = HostDir("seeded-root");
                var tar = root + ".tar";
                using (var p = Process.Start("sh", ["-c", $"cp -a {Path.Combine(_f.Dir.Path, "image")}/. {root}/ && mkdir {root}/data && echo seed > {root}/data/seed && tar -C {root} -cf {tar} ."]))
                {
                    p!.WaitForExit();
                }

                Ok("import", "--change", "VOLUME /data", "--change", "CMD [\"/bin/sh\"]", tar, name);
            }
        }

        return name;
    }

    private static async Task<string> FetchAsync(string host, int port)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await client.GetStringAsync(new Uri($"http://{host}:{port}/index.html"));
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && attempt < 20)
            {
                await Task.Delay(250);
            }
        }
    }
}

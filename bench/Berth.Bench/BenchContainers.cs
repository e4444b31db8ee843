using System.Diagnostics;
using System.Formats.Tar;
using System.Text.Json.Nodes;

namespace Berth.Bench;

/// <summary>
/// Private stores for the container scenarios: one per engine and purpose (<c>run</c>, <c>ps</c>, <c>create</c>), each
/// holding <see cref="Image"/> imported from the same tar (busybox-static with a <c>true</c> link), so berth and podman
/// start the same content and the machine's own podman store is never touched. Also the bundle for the bare
/// <c>runc run</c> floor, and the cleanup that checks nothing is left running or mounted.
/// </summary>
internal sealed class BenchContainers(string berth, string podman, string work)
{
    public const string Image = "localhost/benchbox:latest";

    private readonly HashSet<string> _stores = [];
    private string? _tar;
    private bool _bundleMade;

    /// <summary>runc's state directory for the floor runs (<c>runc --root</c>).</summary>
    public string RuncRoot => Path.Combine(work, "runc-state");

    /// <summary>The floor's bundle, made by <see cref="MakeFloorBundle"/>.</summary>
    public string Bundle => Path.Combine(work, "floor-bundle");

    /// <summary>The global flags that put <paramref name="tool"/> in its private store for <paramref name="purpose"/>.</summary>
    public string[] Store(string tool, string purpose)
    {
        var dir = StoreDir(tool, purpose);
        return ["--root", dir + "/s", "--runroot", dir + "/r", "--tmpdir", dir + "/t"];
    }

    /// <summary>Imports the image into both engines' stores for <paramref name="purpose"/> (once).</summary>
    public void Prepare(string purpose)
    {
        foreach (var tool in new[] { berth, podman })
        {
            if (_stores.Add(StoreDir(tool, purpose)))
            {
                Check(tool, [.. Store(tool, purpose), "import", "-q", Tar(), Image]);
            }
        }
    }

    /// <summary>Creates <paramref name="count"/> containers in each engine's <c>ps</c> store.</summary>
    public void FillPs(int count)
    {
        Prepare("ps");
        foreach (var tool in new[] { berth, podman })
        {
            for (var i = 0; i < count; i++)
            {
                Check(tool, [.. Store(tool, "ps"), "create", "--network", "none", Image, "true"]);
            }
        }
    }

    /// <summary>
    /// The build issue's Containerfile (ENV, WORKDIR, a COPY of 200 files, a RUN, a LABEL and a CMD) and its context,
    /// made once; both engines' "build" stores get the base image and one build, so the cache is warm.
    /// </summary>
    public string PrepareBuild()
    {
        var context = Path.Combine(work, "build-context");
        if (!Directory.Exists(context))
        {
            Directory.CreateDirectory(Path.Combine(context, "files"));
            for (var i = 0; i < 200; i++)
            {
                File.WriteAllText(Path.Combine(context, "files", $"f{i:D3}.txt"), $"file {i}\n" + new string('x', i * 10));
            }

            File.WriteAllText(Path.Combine(context, "Containerfile"), $"""
                FROM {Image}
                ENV APP=/app
                WORKDIR /app
                COPY files/ /app/files/
                RUN ["/bin/busybox", "sh", "-c", "echo built > /app/built.txt"]
                LABEL bench=yes
                CMD ["/bin/busybox", "cat", "/app/built.txt"]

                """);
            Prepare("build");
            foreach (var tool in new[] { berth, podman })
            {
                Check(tool, [.. Store(tool, "build"), "build", "-q", "-t", "benchbuild", context]);
            }
        }

        return context;
    }

    /// <summary>Removes every container of <paramref name="purpose"/>'s store of <paramref name="tool"/>.</summary>
    public void RemoveAll(string tool, string purpose) => Check(tool, [.. Store(tool, purpose), "rm", "-a", "-f", "-t", "0"]);

    /// <summary>
    /// A bundle for <c>runc run</c> with the spec berth generates for <c>run --network none IMAGE true</c> (same
    /// namespaces, mounts, seccomp, rlimits), its rootfs the same busybox tree unpacked into a plain directory and its
    /// bind-mounted files (hostname, hosts, .containerenv) copied next to it; the cgroup path is left to runc (one per
    /// container ID). Made once, from a container that berth creates and initialises and then removes.
    /// </summary>
    public void MakeFloorBundle()
    {
        if (_bundleMade)
        {
            return;
        }

        Prepare("run");
        var store = Store(berth, "run");
        var id = Check(berth, [.. store, "create", "--network", "none", Image, "true"]).Trim();
        Check(berth, [.. store, "init", id]);
        var userdata = Path.Combine(StoreDir(berth, "run"), "r", "containers", id, "userdata");
        var spec = JsonNode.Parse(File.ReadAllText(Path.Combine(userdata, "config.json")))!.AsObject();

        var bundle = Bundle;
        var rootfs = Path.Combine(bundle, "rootfs");
        Directory.CreateDirectory(rootfs);
        TarFile.ExtractToDirectory(Tar(), rootfs, overwriteFiles: false);
        spec["root"] = new JsonObject { ["path"] = rootfs };
        spec["linux"]!.AsObject().Remove("cgroupsPath");
        foreach (var mount in spec["mounts"]!.AsArray())
        {
            var source = (string?)mount!["source"];
            if (source is not null && source.StartsWith(userdata + "/", StringComparison.Ordinal))
            {
                var copy = Path.Combine(bundle, Path.GetFileName(source));
                File.Copy(source, copy);
                mount["source"] = copy;
            }
        }

        File.WriteAllText(Path.Combine(bundle, "config.json"), spec.ToJsonString());
        Check(berth, [.. store, "rm", "-f", "-t", "0", id]);
        _bundleMade = true;
    }

    /// <summary>
    /// Removes every container in every store the bench made and fails when anything stays mounted under the work
    /// directory or a runc container of the floor is left.
    /// </summary>
    public void Cleanup()
    {
        foreach (var dir in _stores)
        {
            var tool = Path.GetFileName(dir).StartsWith("berth-", StringComparison.Ordinal) ? berth : podman;
            Check(tool, ["--root", dir + "/s", "--runroot", dir + "/r", "--tmpdir", dir + "/t", "rm", "-a", "-f", "-t", "0"]);
        }

        if (Directory.Exists(RuncRoot))
        {
            var left = Check("runc", ["--root", RuncRoot, "list", "-q"]).Trim();
            if (left.Length > 0)
            {
                throw new InvalidOperationException($"runc containers left after the floor runs: {left}");
            }
        }

        var mounts = File.ReadLines("/proc/self/mountinfo").Select(l => l.Split(' ')[4]).Where(m => m.StartsWith(work + "/", StringComparison.Ordinal)).ToList();
        if (mounts.Count > 0)
        {
            throw new InvalidOperationException("still mounted after removing all containers:\n" + string.Join('\n', mounts));
        }
    }

    /// <summary>Runs a setup or cleanup command; a failure stops the bench.</summary>
    public static string Check(string tool, string[] arguments)
    {
        using var p = Process.Start(new ProcessStartInfo(tool, arguments) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0)
        {
            throw new InvalidOperationException($"{tool} {string.Join(' ', arguments)} exited {p.ExitCode}: {stderr}");
        }

        return stdout.Result;
    }

    private string StoreDir(string tool, string purpose) => Path.Combine(work, $"{(tool == berth ? "berth" : "podman")}-{purpose}");

    /// <summary>The image's only layer: /bin/busybox from the host's busybox-static and /bin/true linking to it.</summary>
    private string Tar()
    {
        if (_tar is not null)
        {
            return _tar;
        }

        var tar = Path.Combine(work, "benchbox.tar");
        using (var file = File.Create(tar))
        using (var writer = new TarWriter(file, TarEntryFormat.Pax))
        {
            writer.WriteEntry(new PaxTarEntry(TarEntryType.Directory, "bin/") { Mode = (UnixFileMode)0b111_101_101 });
            writer.WriteEntry("/bin/busybox", "bin/busybox");
            writer.WriteEntry(new PaxTarEntry(TarEntryType.SymbolicLink, "bin/true") { LinkName = "busybox" });
        }

        return _tar = tar;
    }
}

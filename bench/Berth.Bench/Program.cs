using System.Diagnostics;
using System.Globalization;
using Berth.Bench;
using Berth.Oci;
using Berth.TestSupport;

// Runs each scenario with berth and with the tool it reproduces (podman, or skopeo for `berth skopeo …`), interleaved,
// several times, and prints medians and ratios.
// Usage: Berth.Bench <berth-binary> [--reps N] [--only NAME] [--podman PATH] [--skopeo PATH]
var berth = args.Length > 0 ? Path.GetFullPath(args[0]) : throw new ArgumentException("usage: Berth.Bench <berth-binary> [--reps N] [--only NAME] [--podman PATH] [--skopeo PATH]");
var reps = Option("--reps") is { } r ? int.Parse(r, CultureInfo.InvariantCulture) : 30;
var only = Option("--only");
var podman = Option("--podman") ?? "podman";
var skopeo = Option("--skopeo") ?? "skopeo";
var work = Directory.CreateTempSubdirectory("berth-bench-").FullName;

// Image scenarios need a registry on loopback with test images, made here (never in tests).
await using var registry = await RegistryFixture.StartAsync();
var images = await BenchImages.PrepareAsync(registry, only);
var containers = new BenchContainers(berth, podman, work);
string[] B(string purpose, params string[] a) => [.. containers.Store(berth, purpose), .. a];
string[] P(string purpose, params string[] a) => [.. containers.Store(podman, purpose), .. a];

// One scenario = the same user action for each tool; {root} is a fresh store per run where the scenario needs one.
Scenario[] scenarios =
[
    new("version", ["version"], ["version"]),
    new("version --format", ["version", "--format", "{{.Client.Version}}"], ["version", "--format", "{{.Client.Version}}"]),
    new("--help", ["--help"], ["--help"]),
    new("info --format", ["info", "--format", "{{.Host.OCIRuntime.Name}}"], ["info", "--format", "{{.Host.OCIRuntime.Name}}"]),
    new("pull busybox (2 layers)", ["--root", "{root}/s", "--runroot", "{root}/r", "pull", "-q", "--tls-verify=false", images.Busybox],
        ["--root", "{root}/s", "--runroot", "{root}/r", "pull", "-q", "--tls-verify=false", images.Busybox], FreshStore: true),
    new("pull large (3 layers)", ["--root", "{root}/s", "--runroot", "{root}/r", "pull", "-q", "--tls-verify=false", images.Large],
        ["--root", "{root}/s", "--runroot", "{root}/r", "pull", "-q", "--tls-verify=false", images.Large], FreshStore: true, Reps: 5),
    new("images (50 images)", ["--root", work + "/berth-50/s", "--runroot", work + "/berth-50/r", "images"],
        ["--root", work + "/podman-50/s", "--runroot", work + "/podman-50/r", "images"], Setup: () => images.FillStores(berth, podman, work)),
    // The issue's copy target: registry → OCI layout directory, a fresh directory per run.
    new("skopeo copy large (oci)", ["skopeo", "copy", "--src-tls-verify=false", "docker://" + images.Large, "oci:{root}/oci:bench"],
        ["copy", "--src-tls-verify=false", "docker://" + images.Large, "oci:{root}/oci:bench"], FreshStore: true, Reps: 7, Reference: skopeo),
    // The containers issue's targets. Each engine has its own private store (--root/--runroot/--tmpdir) holding the
    // same imported busybox image. The floor is bare `runc run` of the spec berth generates for the same command.
    new("run --rm true", B("run", "run", "--rm", "--network", "none", BenchContainers.Image, "true"),
        P("run", "run", "--rm", "--network", "none", BenchContainers.Image, "true"), Target: 0.35,
        Setup: () => { containers.Prepare("run"); containers.MakeFloorBundle(); },
        Floor: ["--root", containers.RuncRoot, "run", "--bundle", containers.Bundle, "bench-{id}"]),
    // The networks issue's target: the same run on the default bridge network (netns, netavark setup and teardown).
    // Both engines use the machine's default network "podman" (bridge podman0); runs are sequential, so their separate
    // address allocations never meet.
    new("run --rm true (bridge)", B("run-bridge", "run", "--rm", BenchContainers.Image, "true"),
        P("run-bridge", "run", "--rm", BenchContainers.Image, "true"), Target: 0.5,
        Setup: () => containers.Prepare("run-bridge")),
    // The volumes issue (no target): the same run with a named volume mounted (made by the first run, reused after).
    new("run --rm -v vol true", B("run-vol", "run", "--rm", "--network", "none", "-v", "benchvol:/data", BenchContainers.Image, "true"),
        P("run-vol", "run", "--rm", "--network", "none", "-v", "benchvol:/data", BenchContainers.Image, "true"),
        Setup: () => containers.Prepare("run-vol")),
    new("ps -a (100 containers)", B("ps", "ps", "-a"), P("ps", "ps", "-a"), Target: 0.25, Setup: () => containers.FillPs(100)),
    // One sample = 100 sequential creates into a store holding only the image; the containers are removed (untimed)
    // after each sample so every sample starts alike.
    new("create x100 (sequential)", B("create", "create", "--network", "none", BenchContainers.Image, "true"),
        P("create", "create", "--network", "none", BenchContainers.Image, "true"), Reps: 5, Warmups: 1, Repeat: 100, Target: 0.5,
        Setup: () => containers.Prepare("create"), AfterEach: tool => containers.RemoveAll(tool, "create")),
    // The build issue's targets, same Containerfile and context for both (BenchContainers.PrepareBuild): a rebuild with
    // every step cached, and a cold build (--no-cache, base image present).
    new("build (all cached)", B("build", "build", "-t", "benchbuild", work + "/build-context"),
        P("build", "build", "-t", "benchbuild", work + "/build-context"), Target: 0.3, Setup: () => containers.PrepareBuild()),
    new("build --no-cache", B("build", "build", "--no-cache", "-t", "benchcold", work + "/build-context"),
        P("build", "build", "--no-cache", "-t", "benchcold", work + "/build-context"), Reps: 9, Target: 0.8, Setup: () => containers.PrepareBuild()),
];

if (only is not null && !scenarios.Any(s => s.Name == only))
{
    Console.Error.WriteLine($"no scenario is named '{only}'; the names: {string.Join(", ", scenarios.Select(s => $"'{s.Name}'"))}");
    Directory.Delete(work, recursive: true);
    return 2;
}

Console.WriteLine($"{"scenario",-26} {"berth median",14} {"podman|skopeo",14} {"berth/other",13}   (runs interleaved, after warm-ups)");
var failed = false;
try
{
    foreach (var s in scenarios)
    {
        if (only is not null && s.Name != only)
        {
            continue;
        }

        Measure(s);
    }
}
catch (InvalidOperationException e)
{
    // A command that fails fails the bench: say which, clean up, exit 1.
    Console.Error.WriteLine("bench failed: " + e.Message);
    failed = true;
}

// Removes every container the scenarios made and throws when anything is still mounted (then the work directory
// is kept for a look).
containers.Cleanup();
Directory.Delete(work, recursive: true);
return failed ? 1 : 0;

void Measure(Scenario s)
{
    s.Setup?.Invoke();
    var n = Math.Min(s.Reps ?? reps, reps);
    var warmups = s.Warmups ?? (s.FreshStore ? 1 : 3);
    var b = new List<double>();
    var p = new List<double>();
    var f = new List<double>();
    var reference = s.Reference ?? podman;
    for (var i = 0; i < warmups + n; i++)
    {
        var tb = Sample(berth, s.Berth, s);
        var tp = Sample(reference, s.Other, s);
        var tf = s.Floor is null ? 0 : Run("runc", s.Floor, freshStore: false);
        if (i >= warmups)
        {
            b.Add(tb);
            p.Add(tp);
            f.Add(tf);
        }
    }

    var bm = Median(b);
    var pm = Median(p);
    var other = Path.GetFileName(reference);
    var target = s.Target is { } t ? string.Create(CultureInfo.InvariantCulture, $", target <= {t:0.00}x") : "";
    var each = s.Repeat > 1 ? string.Create(CultureInfo.InvariantCulture, $", per command {bm / s.Repeat:0.00} / {pm / s.Repeat:0.00} ms") : "";
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{s.Name,-26} {bm,11:0.00} ms {pm,11:0.00} ms {bm / pm,12:0.000}x   ({n} runs, vs {other}{target}{each})"));
    if (s.Floor is not null)
    {
        var fm = Median(f);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{"runc run (floor)",-26} {"",14} {fm,11:0.00} ms {bm / fm,12:0.000}x   ({n} runs, berth/runc: bare runc run of berth's spec)"));
        // What this harness adds to every timed command (start, pipes, wait): the same for both tools, so it pulls the
        // ratio towards 1. Shown, not subtracted.
        var hm = Median(Enumerable.Range(0, n).Select(_ => Time("/bin/true", [])).ToList());
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{"harness (/bin/true)",-26} {"",14} {hm,11:0.00} ms {(bm - hm) / (pm - hm),12:0.000}x   ({n} runs, the ratio with it taken off both sides)"));
    }
}

/// <summary>One timed sample: the command <see cref="Scenario.Repeat"/> times in a row, then the untimed clean-up.</summary>
double Sample(string file, string[] arguments, Scenario s)
{
    var sw = Stopwatch.StartNew();
    for (var k = 0; k < s.Repeat; k++)
    {
        Run(file, arguments, s.FreshStore);
    }

    var elapsed = sw.Elapsed.TotalMilliseconds;
    s.AfterEach?.Invoke(file);
    return elapsed;
}


string? Option(string name)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}

double Run(string file, string[] arguments, bool freshStore)
{
    var root = Path.Combine(work, "run-" + Guid.NewGuid().ToString("N")[..8]);
    var resolved = arguments.Select(a => a.Replace("{root}", root, StringComparison.Ordinal).Replace("{id}", Guid.NewGuid().ToString("N")[..12], StringComparison.Ordinal)).ToArray();
    if (freshStore)
    {
        // skopeo resolves an oci: destination's parent directory before it creates the layout.
        Directory.CreateDirectory(root);
    }

    try
    {
        return Time(file, resolved);
    }
    finally
    {
        if (freshStore && Directory.Exists(root))
        {
            Directory.Delete(root, recursive: true);
        }
    }
}

static double Time(string file, string[] arguments)
{
    var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
    foreach (var a in arguments)
    {
        start.ArgumentList.Add(a);
    }

    var sw = Stopwatch.StartNew();
    using var process = Process.Start(start)!;
    var stdout = process.StandardOutput.ReadToEndAsync();
    var stderr = process.StandardError.ReadToEndAsync();
    process.WaitForExit();
    sw.Stop();
    if (process.ExitCode != 0)
    {
        throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} exited {process.ExitCode}: {stderr.Result}");
    }

    return sw.Elapsed.TotalMilliseconds;
}

static double Median(List<double> values)
{
    values.Sort();
    var n = values.Count;
    return n % 2 == 1 ? values[n / 2] : (values[(n / 2) - 1] + values[n / 2]) / 2;
}

/// <param name="Other">The arguments for the reference tool: podman unless <paramref name="Reference"/> names another.</param>
/// <param name="Repeat">How many times one timed sample runs the command in a row (its total is the sample).</param>
/// <param name="AfterEach">Untimed clean-up after each sample, given the tool that ran it.</param>
/// <param name="Floor">runc arguments timed alongside and printed as a "runc run (floor)" line; {id} is a fresh ID.</param>
/// <param name="Target">The issue's berth/podman target ratio, printed next to the result.</param>
internal sealed record Scenario(
    string Name,
    string[] Berth,
    string[] Other,
    bool FreshStore = false,
    int? Reps = null,
    Action? Setup = null,
    string? Reference = null,
    int? Warmups = null,
    int Repeat = 1,
    Action<string>? AfterEach = null,
    string[]? Floor = null,
    double? Target = null);

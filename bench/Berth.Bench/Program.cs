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
];

Console.WriteLine($"{"scenario",-26} {"berth median",14} {"podman|skopeo",14} {"berth/other",13}   (runs interleaved, after warm-ups)");
foreach (var s in scenarios)
{
    if (only is not null && s.Name != only)
    {
        continue;
    }

    s.Setup?.Invoke();
    var n = s.Reps ?? reps;
    var warmups = s.FreshStore ? 1 : 3;
    var b = new List<double>();
    var p = new List<double>();
    for (var i = 0; i < warmups + n; i++)
    {
        var tb = Run(berth, s.Berth, s.FreshStore);
        var tp = Run(s.Reference ?? podman, s.Other, s.FreshStore);
        if (i >= warmups)
        {
            b.Add(tb);
            p.Add(tp);
        }
    }

    var bm = Median(b);
    var pm = Median(p);
    var other = Path.GetFileName(s.Reference ?? podman);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{s.Name,-26} {bm,11:0.00} ms {pm,11:0.00} ms {bm / pm,12:0.000}x   ({n} runs, vs {other})"));
}

Directory.Delete(work, recursive: true);
return 0;

string? Option(string name)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}

double Run(string file, string[] arguments, bool freshStore)
{
    var root = Path.Combine(work, "run-" + Guid.NewGuid().ToString("N")[..8]);
    var resolved = arguments.Select(a => a.Replace("{root}", root, StringComparison.Ordinal)).ToArray();
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
internal sealed record Scenario(string Name, string[] Berth, string[] Other, bool FreshStore = false, int? Reps = null, Action? Setup = null, string? Reference = null);

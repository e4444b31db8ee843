using System.Diagnostics;
using System.Globalization;

// Runs each scenario with berth and with podman, interleaved, several times, and prints medians and ratios.
// Usage: Berth.Bench <berth-binary> [--reps N] [--only NAME] [--podman PATH]
var berth = args.Length > 0 ? Path.GetFullPath(args[0]) : throw new ArgumentException("usage: Berth.Bench <berth-binary> [--reps N] [--only NAME]");
var reps = Option("--reps") is { } r ? int.Parse(r, CultureInfo.InvariantCulture) : 30;
var only = Option("--only");
var podman = Option("--podman") ?? "podman";

// One scenario = the same user action written for each tool. Add new ones here as features land.
(string Name, string[] Berth, string[] Podman)[] scenarios =
[
    ("version", ["version"], ["version"]),
    ("version --format", ["version", "--format", "{{.Client.Version}}"], ["version", "--format", "{{.Client.Version}}"]),
    ("--help", ["--help"], ["--help"]),
    ("info --format", ["info", "--format", "{{.Host.OCIRuntime.Name}}"], ["info", "--format", "{{.Host.OCIRuntime.Name}}"]),
];

Console.WriteLine($"{"scenario",-22} {"berth median",14} {"podman median",14} {"berth/podman",13}   ({reps} runs each, interleaved, after 3 warm-ups)");
foreach (var (name, berthArgs, podmanArgs) in scenarios)
{
    if (only is not null && name != only)
    {
        continue;
    }

    for (var i = 0; i < 3; i++)
    {
        Time(berth, berthArgs);
        Time(podman, podmanArgs);
    }

    var b = new List<double>();
    var p = new List<double>();
    for (var i = 0; i < reps; i++)
    {
        b.Add(Time(berth, berthArgs));
        p.Add(Time(podman, podmanArgs));
    }

    var bm = Median(b);
    var pm = Median(p);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-22} {bm,11:0.00} ms {pm,11:0.00} ms {bm / pm,12:0.000}x"));
}

return 0;

string? Option(string name)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
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
    process.StandardOutput.ReadToEnd();
    process.StandardError.ReadToEnd();
    process.WaitForExit();
    sw.Stop();
    if (process.ExitCode != 0)
    {
        throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} exited {process.ExitCode}");
    }

    return sw.Elapsed.TotalMilliseconds;
}

static double Median(List<double> values)
{
    values.Sort();
    var n = values.Count;
    return n % 2 == 1 ? values[n / 2] : (values[(n / 2) - 1] + values[n / 2]) / 2;
}

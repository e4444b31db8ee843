using System.Diagnostics;
using Berth.Oci;
using Berth.TestSupport;

namespace Berth.Bench;

/// <summary>The images the image scenarios use, pushed to the bench's own registry on loopback.</summary>
internal sealed class BenchImages
{
    private readonly RegistryFixture _registry;
    private readonly List<string> _many = [];

    private BenchImages(RegistryFixture registry) => _registry = registry;

    public string Busybox { get; private set; } = "";

    public string Large { get; private set; } = "";

    public static async Task<BenchImages> PrepareAsync(RegistryFixture registry, string? only)
    {
        var result = new BenchImages(registry);
        var busybox = TestImageBuilder.Busybox().Layer(l => l.File("etc/bench", "bench\n")).Build();
        await busybox.PushRawAsync(registry, "bench/busybox", "latest");
        result.Busybox = $"{registry.Host}/bench/busybox:latest";

        if (only is null || only.StartsWith("pull large", StringComparison.Ordinal) || only.StartsWith("skopeo copy large", StringComparison.Ordinal))
        {
            // Three layers of incompressible data, 150 MB each: about 450 MB as the issues' pull and copy target.
            var builder = new TestImageBuilder(TestImageFormat.Oci);
            for (var i = 0; i < 3; i++)
            {
                var data = new byte[150 * 1024 * 1024];
                new Random(42 + i).NextBytes(data);
                var index = i;
                builder.Layer(l => l.File($"data/blob{index}", data));
            }

            var large = builder.Build();
            await large.PushRawAsync(registry, "bench/large", "latest");
            result.Large = $"{registry.Host}/bench/large:latest";
        }

        if (only is null || only.StartsWith("images", StringComparison.Ordinal))
        {
            for (var i = 0; i < 50; i++)
            {
                var image = TestImageBuilder.Busybox().Layer(l => l.File("etc/n", $"{i}\n")).Label("n", i.ToString(System.Globalization.CultureInfo.InvariantCulture)).Build();
                await image.PushRawAsync(registry, $"bench/many{i}", "latest");
                result._many.Add($"{registry.Host}/bench/many{i}:latest");
            }
        }

        return result;
    }

    /// <summary>Pulls the 50 images into one store per tool.</summary>
    public void FillStores(string berth, string podman, string work)
    {
        foreach (var (tool, dir) in new[] { (berth, "berth-50"), (podman, "podman-50") })
        {
            foreach (var image in _many)
            {
                using var p = Process.Start(new ProcessStartInfo(tool, ["--root", $"{work}/{dir}/s", "--runroot", $"{work}/{dir}/r", "pull", "-q", "--tls-verify=false", image])
                {
                    RedirectStandardOutput = true,
                    RedirectStandardError = true,
                })!;
                p.StandardOutput.ReadToEnd();
                var err = p.StandardError.ReadToEnd();
                p.WaitForExit();
                if (p.ExitCode != 0)
                {
                    throw new InvalidOperationException($"{tool} pull {image}: {err}");
                }
            }
        }
    }
}

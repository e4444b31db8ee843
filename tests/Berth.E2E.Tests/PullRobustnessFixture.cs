using Berth.TestSupport;

namespace Berth.E2E.Tests;

/// <summary>
/// One registry for the crash and concurrency tests, holding images of incompressible random bytes so that a pull
/// takes long enough to be interrupted in every phase: <see cref="Big"/> (4 layers of 6 MiB) and
/// <see cref="SharedA"/>/<see cref="SharedB"/> (the same 4 MiB base layer, different 4 MiB tops).
/// </summary>
public sealed class PullRobustnessFixture : IAsyncLifetime
{
    public const int BigLayers = 4;
    public const int BigLayerBytes = 6 << 20;

    public RegistryFixture Registry { get; private set; } = null!;

    public TestImage Big { get; private set; } = null!;

    public TestImage SharedA { get; private set; } = null!;

    public TestImage SharedB { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Registry = await RegistryFixture.StartAsync();
        var big = new TestImageBuilder();
        for (var i = 0; i < BigLayers; i++)
        {
            var index = i;
            big.Layer(l => l.File($"data/{index}", RandomBytes(BigLayerBytes, seed: 100 + index)));
        }

        Big = big.Build();
        SharedA = new TestImageBuilder()
            .Layer(l => l.File("base/data", RandomBytes(4 << 20, seed: 1)))
            .Layer(l => l.File("top/a", RandomBytes(4 << 20, seed: 2)))
            .Build();
        SharedB = new TestImageBuilder()
            .Layer(l => l.File("base/data", RandomBytes(4 << 20, seed: 1)))
            .Layer(l => l.File("top/b", RandomBytes(4 << 20, seed: 3)))
            .Build();
        await Big.PushRawAsync(Registry, "test/big", "latest");
        await SharedA.PushRawAsync(Registry, "test/shared-a", "latest");
        await SharedB.PushRawAsync(Registry, "test/shared-b", "latest");
    }

    public async Task DisposeAsync() => await Registry.DisposeAsync();

    public string Ref(string repository) => $"{Registry.Host}/{repository}:latest";

    private static byte[] RandomBytes(int count, int seed)
    {
        var bytes = new byte[count];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }
}

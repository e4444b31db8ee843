using Berth.Oci;
using Berth.TestSupport;

namespace Berth.Registry.Tests;

/// <summary>Counts requests on their way to a real server.</summary>
internal sealed class RecordingHandler : DelegatingHandler
{
    private readonly List<(HttpMethod Method, Uri Uri)> _requests = [];

    public RecordingHandler()
        : base(new SocketsHttpHandler { AllowAutoRedirect = false, AutomaticDecompression = System.Net.DecompressionMethods.None })
    {
    }

    public IReadOnlyList<(HttpMethod Method, Uri Uri)> Requests
    {
        get
        {
            lock (_requests)
            {
                return [.. _requests];
            }
        }
    }

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        lock (_requests)
        {
            _requests.Add((request.Method, request.RequestUri!));
        }

        return base.SendAsync(request, cancellationToken);
    }
}

/// <summary>A plain-HTTP registry with a few images, shared by the tests of a class.</summary>
public sealed class PlainRegistry : IAsyncLifetime
{
    public RegistryFixture Registry { get; private set; } = null!;

    public TestImage Busybox { get; } = TestImageBuilder.Busybox().Build();

    public TestImage DockerImage { get; } = new TestImageBuilder(TestImageFormat.Docker)
        .Layer(l => l.File("etc/motd", "docker format\n"), LayerCompression.Gzip)
        .Layer(l => l.File("etc/second", "uncompressed\n"), LayerCompression.None)
        .Build();

    public TestImageIndex Index { get; } = TestImageIndex.Create(
        TestImageFormat.Oci,
        new TestImageBuilder().Layer(l => l.File("arch", "amd64\n"), LayerCompression.Zstd).Platform("linux", "amd64").Build(),
        new TestImageBuilder().Layer(l => l.File("arch", "arm64\n"), LayerCompression.Zstd).Platform("linux", "arm64", "v8").Build());

    public RegistryClientFactory Factory { get; } = new(new RegistryClientOptions { RetryDelay = TimeSpan.FromMilliseconds(10) });

    /// <summary>The registry speaks plain HTTP, so its endpoint must be insecure (HTTPS fails, HTTP is tried).</summary>
    public RegistryEndpoint Endpoint => new(Registry.Host, Registry.Host, Insecure: true);

    public RegistryClient Client => Factory.GetClient(Endpoint);

    public async Task InitializeAsync()
    {
        Registry = await RegistryFixture.StartAsync();
        await Busybox.PushRawAsync(Registry, "library/busybox", "latest");
        await DockerImage.PushRawAsync(Registry, "docker/image", "1.0");
        await Index.PushRawAsync(Registry, "multi/arch", "latest");
    }

    public async Task DisposeAsync()
    {
        Factory.Dispose();
        await Registry.DisposeAsync();
    }
}

/// <summary>A registry with htpasswd authentication (alice / wonderland) and the busybox image.</summary>
public sealed class AuthRegistry : IAsyncLifetime
{
    public const string User = "alice";
    public const string Password = "wonderland";

    public RegistryFixture Registry { get; private set; } = null!;

    public TestImage Image { get; } = new TestImageBuilder().Layer(l => l.File("auth.txt", "secret\n")).Build();

    public RegistryEndpoint Endpoint => new(Registry.Host, Registry.Host, Insecure: true);

    public async Task InitializeAsync()
    {
        Registry = await RegistryFixture.StartAsync(new RegistryFixtureOptions { Username = User, Password = Password });
        await Image.PushRawAsync(Registry, "private/image", "latest");
    }

    public async Task DisposeAsync() => await Registry.DisposeAsync();
}

/// <summary>A TLS registry with a certificate from a test CA, and one image.</summary>
public sealed class TlsRegistry : IAsyncLifetime
{
    public RegistryFixture Registry { get; private set; } = null!;

    public TestImage Image { get; } = new TestImageBuilder().Layer(l => l.File("tls.txt", "over tls\n")).Build();

    public async Task InitializeAsync()
    {
        Registry = await RegistryFixture.StartAsync(new RegistryFixtureOptions { Tls = true });
        await Image.PushRawAsync(Registry, "secure/image", "latest");
    }

    public async Task DisposeAsync() => await Registry.DisposeAsync();
}

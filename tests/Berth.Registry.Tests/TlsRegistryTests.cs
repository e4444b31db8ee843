using Berth.Config;
using Berth.Oci;

namespace Berth.Registry.Tests;

/// <summary>The client against a real docker-registry serving TLS with a certificate from a test CA.</summary>
public sealed class TlsRegistryTests : IClassFixture<TlsRegistry>, IDisposable
{
    private readonly TlsRegistry _fixture;
    private readonly DirectoryInfo _certs = Directory.CreateTempSubdirectory("berth-certs-");

    public TlsRegistryTests(TlsRegistry fixture) => _fixture = fixture;

    private string Host => _fixture.Registry.Host;

    public void Dispose() => _certs.Delete(recursive: true);

    private static RegistryClientOptions Options(params string[] certsDirectories) =>
        new() { CertsDirectories = certsDirectories, MaxAttempts = 1 };

    [Fact]
    public async Task GetManifest_UnknownCa_UnavailableWithX509AndHint()
    {
        using var client = new RegistryClient(new RegistryEndpoint(Host, Host), Options(_certs.FullName));

        var e = await Assert.ThrowsAsync<BerthException>(() => client.GetManifestAsync("secure/image", "latest", null, CancellationToken.None));

        Assert.Equal(ErrorKind.Unavailable, e.Kind);
        Assert.StartsWith($"pinging container registry {Host}: ", e.Message, StringComparison.Ordinal);
        Assert.Contains("x509: certificate signed by unknown authority", e.Message, StringComparison.Ordinal);
        Assert.EndsWith("(use --tls-verify=false only for a registry you trust on your own network)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetManifest_CaInCertsD_Succeeds()
    {
        var hostDirectory = Directory.CreateDirectory(Path.Combine(_certs.FullName, Host));
        File.Copy(_fixture.Registry.CaCertificatePath!, Path.Combine(hostDirectory.FullName, "ca.crt"));
        using var client = new RegistryClient(new RegistryEndpoint(Host, Host), Options(Path.Combine(_certs.FullName, "missing"), _certs.FullName));

        var manifest = await client.GetManifestAsync("secure/image", "latest", null, CancellationToken.None);
        var ping = await client.PingAsync(CancellationToken.None);

        Assert.Equal(_fixture.Image.Digest, manifest.Digest);
        Assert.False(ping.UsesHttp);
    }

    [Fact]
    public async Task GetManifest_TlsVerifyFalse_SucceedsOverHttps()
    {
        var source = new EndpointResolver(new RegistriesConf()).ResolvePull(ImageReference.Parse($"{Host}/secure/image:latest"), tlsVerify: false)[0];
        using var client = new RegistryClient(source.Endpoint, Options());

        var manifest = await client.GetManifestAsync(source.Repository, source.TagOrDigest, null, CancellationToken.None);
        var ping = await client.PingAsync(CancellationToken.None);

        Assert.Equal(_fixture.Image.Digest, manifest.Digest);
        Assert.False(ping.UsesHttp);
    }

    [Fact]
    public void CertsDirectories_Defaults_RootlessUserDirectoryFirst()
    {
        var env = new ConfigEnvironment(new Dictionary<string, string>(), 1000, "/home/u", "/prefix");

        Assert.Equal(
            ["/home/u/.config/containers/certs.d", "/prefix/etc/containers/certs.d", "/prefix/etc/docker/certs.d"],
            CertsDirectories.Defaults(env));
        Assert.Equal(["/etc/containers/certs.d", "/etc/docker/certs.d"], CertsDirectories.Defaults(new ConfigEnvironment(new Dictionary<string, string>(), 0, "/root")));
    }

    [Fact]
    public void CertsD_KeyWithoutCertificate_InvalidArgument()
    {
        var hostDirectory = Directory.CreateDirectory(Path.Combine(_certs.FullName, "broken.example:5000"));
        File.WriteAllText(Path.Combine(hostDirectory.FullName, "client.key"), "not a key");

        var e = Assert.Throws<BerthException>(() => new RegistryClient(new RegistryEndpoint("broken.example:5000", "broken.example:5000"), Options(_certs.FullName)));

        Assert.Equal(ErrorKind.InvalidArgument, e.Kind);
        Assert.Contains("missing client certificate client.cert", e.Message, StringComparison.Ordinal);
    }
}

using System.Formats.Tar;
using Berth.TestSupport;

namespace Berth.E2E.Tests;

/// <summary>push, skopeo inspect and copy against a registry with htpasswd authentication.</summary>
public sealed class AuthTransportTests : IAsyncLifetime, IDisposable
{
    private readonly TempDir _dir = new();
    private RegistryFixture _registry = null!;

    private Dictionary<string, string?> Env => new() { ["REGISTRY_AUTH_FILE"] = System.IO.Path.Combine(_dir.Path, "auth.json") };

    public async Task InitializeAsync()
    {
        _registry = await RegistryFixture.StartAsync(new RegistryFixtureOptions { Username = "alice", Password = "s3cret" });
        var tarball = System.IO.Path.Combine(_dir.Path, "rootfs.tar");
        await using (var file = File.Create(tarball))
        await using (var tar = new TarWriter(file))
        {
            var entry = new PaxTarEntry(TarEntryType.RegularFile, "hello.txt") { DataStream = new MemoryStream("hello\n"u8.ToArray()) };
            await tar.WriteEntryAsync(entry);
        }

        var import = Berth("import", "-q", tarball, "localhost/hello:1");
        Assert.True(import.ExitCode == 0, import.Stderr);
    }

    public async Task DisposeAsync() => await _registry.DisposeAsync();

    public void Dispose() => _dir.Dispose();

    private RunResult Berth(params string[] args) =>
        BerthRunner.RunWithEnv(Env, ["--root", _dir.Path + "/root", "--runroot", _dir.Path + "/run", .. args]);

    private RunResult Skopeo(params string[] args) => BerthRunner.RunWithEnv(Env, ["skopeo", .. args]);

    [Fact]
    public void Push_WithoutCredentials_RefusedAndNothingStored()
    {
        var r = Berth("push", "--tls-verify=false", "localhost/hello:1", $"{_registry.Host}/private/hello:1");
        Assert.Equal(125, r.ExitCode);
        var error = r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1];
        Assert.StartsWith("Error: ", error, StringComparison.Ordinal);
        Assert.Contains("authentication required", error, StringComparison.OrdinalIgnoreCase);
        Assert.False(Directory.Exists(System.IO.Path.Combine(_registry.StorageDirectory, "docker/registry/v2/repositories/private/hello/_manifests/tags/1")));
    }

    [Fact]
    public void Push_WithCredsOrLogin_ThenSkopeoReadsWithCreds()
    {
        var push = Berth("push", "-q", "--tls-verify=false", "--creds", "alice:s3cret", "localhost/hello:1", $"{_registry.Host}/private/hello:1");
        Assert.True(push.ExitCode == 0, push.Stderr);

        var anonymous = Skopeo("inspect", "--tls-verify=false", $"docker://{_registry.Host}/private/hello:1");
        Assert.Equal(1, anonymous.ExitCode);
        var inspect = Skopeo("inspect", "--tls-verify=false", "--creds", "alice:s3cret", $"docker://{_registry.Host}/private/hello:1");
        Assert.True(inspect.ExitCode == 0, inspect.Stderr);
        var split = Skopeo("inspect", "--tls-verify=false", "--username", "alice", "--password", "s3cret", $"docker://{_registry.Host}/private/hello:1");
        Assert.Equal(inspect.Stdout, split.Stdout);

        Assert.Equal(0, Berth("login", "-u", "alice", "-p", "s3cret", "--tls-verify=false", _registry.Host).ExitCode);
        Assert.Equal(0, Berth("push", "-q", "--tls-verify=false", "localhost/hello:1", $"{_registry.Host}/private/hello:2").ExitCode);
        var copy = Skopeo("copy", "-q", "--src-tls-verify=false", "--dest-tls-verify=false",
            $"docker://{_registry.Host}/private/hello:2", $"docker://{_registry.Host}/other/hello:1");
        Assert.True(copy.ExitCode == 0, copy.Stderr);
        Assert.Contains("\"1\"", Skopeo("list-tags", "--tls-verify=false", $"docker://{_registry.Host}/other/hello").Stdout, StringComparison.Ordinal);
    }
}

using System.Text.Json;
using Berth.TestSupport;

namespace Berth.E2E.Tests;

/// <summary>login/logout against a real docker-registry with htpasswd auth, credentials in a temp auth file.</summary>
public sealed class LoginTests : IAsyncLifetime, IDisposable
{
    private readonly TempDir _dir = new();
    private RegistryFixture _registry = null!;

    private string AuthFile => Path.Combine(_dir.Path, "auth.json");

    private Dictionary<string, string?> Env => new() { ["REGISTRY_AUTH_FILE"] = AuthFile };

    public async Task InitializeAsync() =>
        _registry = await RegistryFixture.StartAsync(new RegistryFixtureOptions { Username = "alice", Password = "s3cret" });

    public async Task DisposeAsync() => await _registry.DisposeAsync();

    public void Dispose() => _dir.Dispose();

    private RunResult Berth(string? stdin, params string[] args) => BerthRunner.RunWithInput(BerthRunner.Binary, Env, stdin, args);

    [Fact]
    public void Login_RightCredentials_StoresThemAndGetLoginShowsUser()
    {
        var r = Berth(null, "login", "-u", "alice", "-p", "s3cret", "--tls-verify=false", _registry.Host);
        Assert.Equal("", r.Stderr);
        Assert.Equal("Login Succeeded!\n", r.Stdout);
        using var doc = JsonDocument.Parse(File.ReadAllText(AuthFile));
        var auth = doc.RootElement.GetProperty("auths").GetProperty(_registry.Host).GetProperty("auth").GetString();
        Assert.Equal("alice:s3cret", System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(auth!)));
        Assert.Equal("alice\n", Berth(null, "login", "--get-login", _registry.Host).Stdout);

        var again = Berth(null, "login", "--tls-verify=false", _registry.Host);
        Assert.Equal(0, again.ExitCode);
        Assert.Contains("Existing credentials are valid. Already logged in to " + _registry.Host, again.Stdout, StringComparison.Ordinal);

        Assert.Equal($"Removed login credentials for {_registry.Host}\n", Berth(null, "logout", _registry.Host).Stdout);
        var gone = Berth(null, "logout", _registry.Host);
        Assert.Equal(125, gone.ExitCode);
        Assert.Equal($"Error: not logged into {_registry.Host}\n", gone.Stderr);
    }

    [Fact]
    public void Login_PasswordFromStdin_Works()
    {
        var r = Berth("s3cret\n", "login", "-u", "alice", "--password-stdin", "--tls-verify=false", _registry.Host);
        Assert.Equal(0, r.ExitCode);
        Assert.Equal("Login Succeeded!\n", r.Stdout);
    }

    [Fact]
    public void Login_WrongPassword_ClearErrorAndNothingStored()
    {
        var r = Berth(null, "login", "-u", "alice", "-p", "wrong", "--tls-verify=false", _registry.Host);
        Assert.Equal(125, r.ExitCode);
        Assert.StartsWith($"Error: authenticating creds for \"{_registry.Host}\": ", r.Stderr, StringComparison.Ordinal);
        Assert.Contains("invalid username/password", r.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(AuthFile) && File.ReadAllText(AuthFile).Contains(_registry.Host, StringComparison.Ordinal));
    }

    [Fact]
    public void Login_UnreachableRegistry_NamesIt()
    {
        var r = Berth(null, "login", "-u", "a", "-p", "b", "--tls-verify=false", "127.0.0.1:1");
        Assert.Equal(125, r.ExitCode);
        Assert.StartsWith("Error: authenticating creds for \"127.0.0.1:1\": ", r.Stderr, StringComparison.Ordinal);
        Assert.Single(r.Stderr.TrimEnd('\n').Split('\n'));
    }

    [Fact]
    public void GetLogin_NotLoggedIn_Fails()
    {
        var r = Berth(null, "login", "--get-login", "nowhere.example");
        Assert.Equal(125, r.ExitCode);
        Assert.Equal("Error: not logged into nowhere.example\n", r.Stderr);
    }
}

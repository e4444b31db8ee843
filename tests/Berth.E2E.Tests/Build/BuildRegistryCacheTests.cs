using System.Text.Json;
using System.Text.RegularExpressions;
using Berth.TestSupport;

namespace Berth.E2E.Tests.Build;

/// <summary>
/// <c>berth build --cache-to/--cache-from/--cache-ttl</c> with the built binary and a real docker-registry: a build in
/// store A pushes every step's image as <c>repo:&lt;cache key&gt;</c>; a build in a fresh store B with the same base image
/// takes every step from there and ends with A's image; a changed context file rebuilds from that step on; the ttl
/// leaves out older cache images; podman 4.3.1's lines and messages.
/// </summary>
public sealed partial class BuildRegistryCacheTests : IAsyncLifetime, IDisposable
{
    private const string Containerfile = """
        FROM BASE
        ENV X=1
        COPY a.txt /a.txt
        RUN echo built > /b.txt && echo RAN-STEP
        CMD ["cat","/a.txt"]
        """;

    private readonly TempDir _dir = new();
    private readonly TempDir _context = new();
    private RegistryFixture _registry = null!;

    public async Task InitializeAsync()
    {
        _registry = await RegistryFixture.StartAsync();
        await TestImageBuilder.Busybox().Build().PushRawAsync(_registry, "base", "1");
        _context.Write("Containerfile", Containerfile.Replace("BASE", Base, StringComparison.Ordinal));
        _context.Write("a.txt", "hello\n");
    }

    public async Task DisposeAsync() => await _registry.DisposeAsync();

    public void Dispose()
    {
        _context.Dispose();
        _dir.Dispose();
    }

    private string Base => $"{_registry.Host}/base:1";

    private string Cache => $"{_registry.Host}/cache";

    /// <summary>berth on store <paramref name="name"/> (its own --root/--runroot), the base image pulled first.</summary>
    private RunResult In(string name, params string[] args) =>
        BerthRunner.Run(["--root", $"{_dir.Path}/{name}/root", "--runroot", $"{_dir.Path}/{name}/run", .. args]);

    private void PullBase(string store) => Ok(In(store, "pull", "-q", "--tls-verify=false", Base));

    private RunResult Build(string store, params string[] args) =>
        In(store, ["build", "--tls-verify=false", "--network", "none", .. args, _context.Path]);

    private static RunResult Ok(RunResult r)
    {
        Assert.True(r.ExitCode == 0, $"exit {r.ExitCode}: {r.Stdout}{r.Stderr}");
        return r;
    }

    private static string[] Lines(RunResult r) => r.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    private JsonElement Inspect(string store, string image)
    {
        using var json = JsonDocument.Parse(Ok(In(store, "image", "inspect", image)).Stdout);
        return json.RootElement[0].Clone();
    }

    private async Task<List<string>> CacheTagsAsync()
    {
        using var http = _registry.CreateHttpClient();
        using var json = JsonDocument.Parse(await http.GetStringAsync(new Uri(_registry.Url, "v2/cache/tags/list")));
        return [.. json.RootElement.GetProperty("tags").EnumerateArray().Select(t => t.GetString()!)];
    }

    /// <summary>Builds in store A with --cache-to; returns the build's lines.</summary>
    private string[] BuildAndPushInA()
    {
        PullBase("a");
        return Lines(Ok(Build("a", "--cache-to", Cache, "-t", "t1")));
    }

    [Fact]
    public async Task CacheTo_ThenCacheFromInFreshStore_EveryStepFromTheCacheAndTheSameImage()
    {
        var a = BuildAndPushInA();

        // podman 4.3.1: "--> Pushing cache repo:key" before each step's "--> id"; the last one after COMMIT.
        var pushed = a.Where(l => l.StartsWith("--> Pushing cache ", StringComparison.Ordinal)).Select(l => l["--> Pushing cache ".Length..]).ToList();
        Assert.Equal(4, pushed.Count);
        Assert.All(pushed, p => Assert.Matches($"^{Regex.Escape(Cache)}:[0-9a-f]{{64}}$", p));
        Assert.Equal("STEP 2/5: ENV X=1", a[1]);
        Assert.StartsWith("--> Pushing cache ", a[2], StringComparison.Ordinal);
        Assert.Matches("^--> [0-9a-f]{11}$", a[3]);
        Assert.Contains("RAN-STEP", a);
        Assert.Equal("COMMIT t1", a[^5]);
        Assert.Equal($"--> Pushing cache {pushed[3]}", a[^4]);
        var idA = a[^1];
        Assert.Equal(pushed.Select(p => p[(Cache.Length + 1)..]).Order(), (await CacheTagsAsync()).Order());

        PullBase("b");
        var b = Lines(Ok(Build("b", "--cache-from", Cache, "-t", "t1")));

        Assert.DoesNotContain("RAN-STEP", b);
        var pulled = b.Where(l => l.StartsWith("--> Cache pulled from remote ", StringComparison.Ordinal)).Select(l => l["--> Cache pulled from remote ".Length..]).ToList();
        Assert.Equal(pushed, pulled);
        for (var i = 0; i < b.Length; i++)
        {
            if (b[i].StartsWith("--> Cache pulled from remote ", StringComparison.Ordinal))
            {
                Assert.StartsWith("--> Using cache ", b[i + 1], StringComparison.Ordinal);
            }
        }

        Assert.Equal(4, b.Count(l => l.StartsWith("--> Using cache ", StringComparison.Ordinal)));
        Assert.Equal(idA, b[^1]);
        Assert.Equal($"--> Using cache {idA}", b[^5]);
        Assert.Equal("COMMIT t1", b[^4]);
        var layersA = Inspect("a", "t1").GetProperty("RootFS").GetProperty("Layers").ToString();
        Assert.Equal(layersA, Inspect("b", "t1").GetProperty("RootFS").GetProperty("Layers").ToString());

        var run = Ok(In("b", "run", "--rm", "--network", "none", "t1", "cat", "/a.txt", "/b.txt"));
        Assert.Equal("hello\nbuilt\n", run.Stdout);

        // The pulled images are in B's local cache now: a second build uses them without asking the registry.
        var again = Lines(Ok(Build("b", "-t", "t1")));
        Assert.Equal(4, again.Count(l => l.StartsWith("--> Using cache ", StringComparison.Ordinal)));
        Assert.Equal(idA, again[^1]);
    }

    [Fact]
    public void CacheFrom_ChangedContextFile_RebuildsThatStepAndTheLaterOnes()
    {
        var a = BuildAndPushInA();
        _context.Write("a.txt", "changed\n");
        PullBase("b");

        var b = Lines(Ok(Build("b", "--cache-from", Cache, "-t", "t1")));

        // ENV comes from the cache; COPY's content differs, so it and RUN and CMD are built.
        Assert.Single(b, l => l.StartsWith("--> Cache pulled from remote ", StringComparison.Ordinal));
        Assert.Single(b, l => l.StartsWith("--> Using cache ", StringComparison.Ordinal));
        Assert.Equal("STEP 2/5: ENV X=1", b[1]);
        Assert.StartsWith("--> Cache pulled from remote ", b[2], StringComparison.Ordinal);
        Assert.StartsWith("--> Using cache ", b[3], StringComparison.Ordinal);
        Assert.Contains("RAN-STEP", b);
        Assert.NotEqual(a[^1], b[^1]);
        Assert.Equal("changed\nbuilt\n", Ok(In("b", "run", "--rm", "--network", "none", "t1", "cat", "/a.txt", "/b.txt")).Stdout);
    }

    [Fact]
    public void CacheTtl_ImagesOlderThanTheTtlAreNotUsed_LocallyOrFromTheRegistry()
    {
        var a = BuildAndPushInA();
        Thread.Sleep(TimeSpan.FromSeconds(2.5));

        // Local: 1s leaves every cached step out; 1h and 0 (no limit in podman 4.3.1) use them all.
        var stale = Lines(Ok(Build("a", "--cache-ttl", "1s", "-t", "t1")));
        Assert.NotEqual(a[^1], stale[^1]);
        Assert.DoesNotContain(stale, l => l.StartsWith("--> Using cache ", StringComparison.Ordinal));
        Assert.Contains("RAN-STEP", stale);
        foreach (var ttl in new[] { "1h", "0" })
        {
            var fresh = Lines(Ok(Build("a", "--cache-ttl", ttl, "-t", "t1")));
            Assert.Equal(4, fresh.Count(l => l.StartsWith("--> Using cache ", StringComparison.Ordinal)));
            // The stale build's images replaced the first ones in the cache (same keys, newer images).
            Assert.Equal(stale[^1], fresh[^1]);
        }

        // Remote: the first step's image is pulled, found too old and built instead; later keys then differ.
        PullBase("b");
        var b = Lines(Ok(Build("b", "--cache-from", Cache, "--cache-ttl", "1s")));
        Assert.Single(b, l => l.StartsWith("--> Cache pulled from remote ", StringComparison.Ordinal));
        Assert.DoesNotContain(b, l => l.StartsWith("--> Using cache ", StringComparison.Ordinal));
        Assert.Contains("RAN-STEP", b);
    }

    [Fact]
    public void CacheTo_LocalCacheHits_ArePushedToo()
    {
        PullBase("a");
        var first = Lines(Ok(Build("a", "-t", "t1")));

        var again = Lines(Ok(Build("a", "--cache-to", Cache, "-t", "t1")));

        Assert.Equal("STEP 2/5: ENV X=1", again[1]);
        Assert.StartsWith("--> Using cache ", again[2], StringComparison.Ordinal);
        Assert.StartsWith($"--> Pushing cache {Cache}:", again[3], StringComparison.Ordinal);
        Assert.Equal(4, again.Count(l => l.StartsWith("--> Pushing cache ", StringComparison.Ordinal)));
        Assert.Equal(first[^1], again[^1]);
    }

    [Fact]
    public void BadInput_PodmansMessages_ExitCode125_NothingBuilt()
    {
        PullBase("a");
        var before = Ok(In("a", "images", "-a", "-q")).Stdout;
        var reg = _registry.Host;
        (string[] Args, string Error)[] cases =
        [
            (["--cache-to", $"{reg}/cache:v1"], $"unable to parse value provided `{reg}/cache:v1` to --cache-to: repository must contain neither a tag nor digest: {reg}/cache:v1"),
            // podman 4.3.1 quotes the --cache-to value (here none) in --cache-from's message.
            (["--cache-from", $"{reg}/cache:v1"], $"unable to parse value provided `` to --cache-from: repository must contain neither a tag nor digest: {reg}/cache:v1"),
            (["--cache-to", $"{reg}/Cache"], $"unable to parse value provided `{reg}/Cache` to --cache-to: invalid repo \"{reg}/Cache\": must contain registry and repository: invalid reference format: repository name must be lowercase"),
            (["--cache-ttl", "abc"], "unable to parse value provided \"abc\" as --cache-ttl: time: invalid duration \"abc\""),
            (["--cache-ttl", "1"], "unable to parse value provided \"1\" as --cache-ttl: time: missing unit in duration \"1\""),
        ];
        foreach (var (args, error) in cases)
        {
            var r = Build("a", args);
            Assert.Equal(125, r.ExitCode);
            Assert.Equal($"Error: {error}\n", r.Stderr);
            Assert.Equal("", r.Stdout);
        }

        Assert.Equal(before, Ok(In("a", "images", "-a", "-q")).Stdout);
    }

    [Fact]
    public void CacheTo_UnreachableRegistry_FailsWithPodmansMessage()
    {
        PullBase("a");

        var r = Build("a", "--cache-to", "127.0.0.1:1/cache");

        Assert.Equal(125, r.ExitCode);
        Assert.Matches("^--> Pushing cache 127.0.0.1:1/cache:[0-9a-f]{64}$", Lines(r)[^1]);
        var key = Lines(r)[^1][^64..];
        var expected = $"Error: failed pushing cache to {{{{{{\"127.0.0.1:1\" \"cache\"}} \"{key}\"}}}}: ";
        Assert.Contains(r.Stderr.Split('\n'), l => l.StartsWith(expected, StringComparison.Ordinal));
    }
}

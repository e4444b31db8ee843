using System.Text.RegularExpressions;
using Berth.TestSupport;

namespace Berth.E2E.Tests;

/// <summary>
/// pull with the built binary under SIGKILL at different moments and with several pulls into one store at once: the
/// store must show the old state or the new one, never a half image, and the next command must clean up what the
/// killed process left (DESIGN.md §4). Kill moments are observable events (a line on stderr, a staging entry or a
/// layer directory appearing) plus a few plain delays that land wherever they land; the checks do not depend on where.
/// </summary>
public sealed partial class PullRobustnessTests(PullRobustnessFixture fixture) : IClassFixture<PullRobustnessFixture>, IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private string Root => Path.Combine(_dir.Path, "root");

    private string[] StoreArgs(params string[] args) => ["--root", Root, "--runroot", Path.Combine(_dir.Path, "run"), .. args];

    private RunResult Berth(params string[] args) => BerthRunner.Run(StoreArgs(args));

    private BerthProcess StartPull(string reference) => BerthProcess.Start(StoreArgs("pull", "--tls-verify=false", reference));

    private static string IdOf(TestImage image) => image.Config.Descriptor.Digest.Encoded;

    [GeneratedRegex("^[0-9a-f]{64}$")]
    private static partial Regex ChainDirectoryName();

    /// <summary>Layer directories (named by chain ID) of whichever driver the store chose.</summary>
    private List<string> LayerDirectories() =>
        new[] { "overlay", "vfs" }
            .Select(d => Path.Combine(Root, "layers", d))
            .Where(Directory.Exists)
            .SelectMany(Directory.EnumerateDirectories)
            .Where(d => ChainDirectoryName().IsMatch(Path.GetFileName(d)))
            .ToList();

    /// <summary>Files named <paramref name="name"/> in the layer directories (not through overlay's <c>l/</c> short links).</summary>
    private IEnumerable<string> LayerFiles(string name) =>
        Directory.EnumerateFiles(Path.Combine(Root, "layers"), name, new EnumerationOptions
        {
            RecurseSubdirectories = true,
            AttributesToSkip = FileAttributes.ReparsePoint,
        });

    private List<string> OverlayLinks()
    {
        var links = Path.Combine(Root, "layers", "overlay", "l");
        return Directory.Exists(links) ? Directory.EnumerateFileSystemEntries(links).ToList() : [];
    }

    private List<string> Blobs()
    {
        var blobs = Path.Combine(Root, "blobs");
        return Directory.Exists(blobs) ? Directory.EnumerateFiles(blobs, "*", SearchOption.AllDirectories).ToList() : [];
    }

    private List<string> Staging()
    {
        var tmp = Path.Combine(Root, "tmp");
        return Directory.Exists(tmp) ? Directory.EnumerateFileSystemEntries(tmp).ToList() : [];
    }

    private bool StagingHas(string kind) => Staging().Any(e => Path.GetFileName(e).StartsWith(kind + ".", StringComparison.Ordinal));

    public static TheoryData<string> KillMoments =>
    [
        "after 20 ms",
        "after 100 ms",
        "after 300 ms",
        "stderr: Getting image source signatures",
        "staging: blob",
        "stderr: Copying blob",
        "staging: layer",
        "layer committed",
        "stderr: Writing manifest to image destination",
    ];

    [Theory]
    [MemberData(nameof(KillMoments))]
    public void Pull_KilledAt_LeavesNoHalfImageAndRecovers(string moment)
    {
        var image = fixture.Big;
        var reference = fixture.Ref("test/big");
        int exit;
        using (var pull = StartPull(reference))
        {
            var reached = moment switch
            {
                _ when moment.StartsWith("after ", StringComparison.Ordinal) => Delay(pull, int.Parse(moment.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture)),
                _ when moment.StartsWith("stderr: ", StringComparison.Ordinal) => pull.WaitUntil(() => pull.Stderr.Contains(moment["stderr: ".Length..], StringComparison.Ordinal), Patience),
                _ when moment.StartsWith("staging: ", StringComparison.Ordinal) => pull.WaitUntil(() => StagingHas(moment["staging: ".Length..]), Patience),
                "layer committed" => pull.WaitUntil(() => LayerDirectories().Count > 0, Patience),
                _ => throw new ArgumentException(moment),
            };
            exit = pull.Kill();
            Assert.True(reached || exit == 0, $"the pull failed before the moment \"{moment}\": {pull.Stderr}");
            // Plain progress prints a blob's "Copying blob … done" line when that blob is done: on an idle machine the
            // other layers of a loopback pull can finish before the kill lands, so that moment may see a whole pull.
            if (!moment.StartsWith("after ", StringComparison.Ordinal) && !moment.Contains("Writing manifest", StringComparison.Ordinal)
                && !moment.Contains("Copying blob", StringComparison.Ordinal))
            {
                // Each of these moments comes well before the end of a 24 MiB pull: the kill must have interrupted it.
                Assert.True(exit == BerthProcess.KilledExitCode, $"the pull was not interrupted at \"{moment}\" (exit {exit}): {pull.Stderr}");
            }
        }

        // At "Writing manifest" the kill can land after the pull closed the store (and removed its session marker).
        if (exit == BerthProcess.KilledExitCode && !moment.StartsWith("after ", StringComparison.Ordinal)
            && !moment.Contains("Writing manifest", StringComparison.Ordinal))
        {
            // The dead process had the store open: its session marker (at least) is left for the next open to find.
            Assert.Contains(Staging(), e => Path.GetFileName(e).StartsWith("session.", StringComparison.Ordinal));
        }

        // The next command opens the store (crash cleanup) and sees the old state or the new one.
        var images = Berth("images", "--format", "{{.ID}}");
        Assert.Equal(0, images.ExitCode);
        var completed = images.Stdout == IdOf(image)[..12] + "\n";
        Assert.True(completed || images.Stdout == "", $"half image after a kill at \"{moment}\": {images.Stdout}");
        Assert.True(!completed || exit is 0 or BerthProcess.KilledExitCode);
        Assert.Empty(Staging());
        if (!completed)
        {
            // Interrupted: every blob and layer the dead pull made is gone (no image owns them).
            Assert.Empty(Blobs());
            Assert.Empty(LayerDirectories());
            Assert.Empty(OverlayLinks());
        }

        var again = Berth("pull", "--tls-verify=false", reference);
        Assert.True(again.ExitCode == 0, again.Stderr);
        Assert.Equal(IdOf(image) + "\n", again.Stdout);
        AssertBigImageComplete();
    }

    [Fact]
    public void Pull_KilledThenCleanupKilledRepeatedly_NextOpenStillCleansEverything()
    {
        var reference = fixture.Ref("test/big");
        using (var pull = StartPull(reference))
        {
            Assert.True(pull.WaitUntil(() => LayerDirectories().Count >= 2, Patience), pull.Stderr);
            Assert.Equal(BerthProcess.KilledExitCode, pull.Kill());
        }

        Assert.NotEmpty(Blobs());
        // The commands that would clean up are themselves killed, wherever they happen to be (start-up, cleanup, exit).
        foreach (var delay in new[] { 10, 25, 40, 50, 60, 70, 80, 100, 130 })
        {
            using var images = BerthProcess.Start(StoreArgs("images"));
            Thread.Sleep(delay);
            var exit = images.Kill();
            Assert.True(exit is 0 or BerthProcess.KilledExitCode, images.Stderr);
        }

        Assert.Equal("", Berth("images", "-q").Stdout);
        Assert.Empty(Staging());
        Assert.Empty(Blobs());
        Assert.Empty(LayerDirectories());
        Assert.Empty(OverlayLinks());
        var again = Berth("pull", "-q", "--tls-verify=false", reference);
        Assert.True(again.ExitCode == 0, again.Stderr);
        AssertBigImageComplete();
    }

    [Fact]
    public void Pull_TwoProcessesSameImage_BothSucceedAndStoreHoldsItOnce()
    {
        var reference = fixture.Ref("test/big");
        using var first = StartPull(reference);
        using var second = StartPull(reference);
        var a = first.Result();
        var b = second.Result();
        Assert.True(a.ExitCode == 0, a.Stderr);
        Assert.True(b.ExitCode == 0, b.Stderr);
        Assert.Equal(IdOf(fixture.Big) + "\n", a.Stdout);
        Assert.Equal(a.Stdout, b.Stdout);
        AssertBigImageComplete();
    }

    [Fact]
    public void Pull_OneOfTwoKilledWhileUnpacking_OtherCompletesAndLeftoversGo()
    {
        var reference = fixture.Ref("test/big");
        using var victim = StartPull(reference);
        using var survivor = StartPull(reference);
        // Both are at work once a layer is being populated; the layer lock holder may be either of them.
        Assert.True(victim.WaitUntil(() => StagingHas("layer"), Patience), victim.Stderr);
        Assert.Equal(BerthProcess.KilledExitCode, victim.Kill());
        var result = survivor.Result();
        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Equal(IdOf(fixture.Big) + "\n", result.Stdout);
        AssertBigImageComplete();
    }

    [Fact]
    public void Pull_TwoImagesSharingBaseAtOnce_SharedLayerStoredOnce()
    {
        using var first = StartPull(fixture.Ref("test/shared-a"));
        using var second = StartPull(fixture.Ref("test/shared-b"));
        var a = first.Result();
        var b = second.Result();
        Assert.True(a.ExitCode == 0, a.Stderr);
        Assert.True(b.ExitCode == 0, b.Stderr);
        Assert.Equal(IdOf(fixture.SharedA) + "\n", a.Stdout);
        Assert.Equal(IdOf(fixture.SharedB) + "\n", b.Stdout);
        Assert.Equal(fixture.SharedA.Layers[0].Descriptor.Digest, fixture.SharedB.Layers[0].Descriptor.Digest);

        var images = Berth("images", "--format", "{{.Repository}} {{.ID}}", "--sort", "repository");
        Assert.Equal(
            $"{fixture.Registry.Host}/test/shared-a {IdOf(fixture.SharedA)[..12]}\n{fixture.Registry.Host}/test/shared-b {IdOf(fixture.SharedB)[..12]}\n",
            images.Stdout);
        var layers = LayerDirectories().Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        // Base chain ID = its diff ID; the two tops have their own chains.
        Assert.Equal(3, layers.Count);
        Assert.Single(layers, l => l == fixture.SharedA.DiffIds[0].Encoded);
        Assert.Equal(2 + 3 + 2, Blobs().Count); // three layer blobs, two configs, two manifests
        Assert.Empty(Staging());
        foreach (var (image, top) in new[] { (fixture.SharedA, "top/a"), (fixture.SharedB, "top/b") })
        {
            var diff = Berth("image", "inspect", "--format", "{{range .RootFS.Layers}}{{.}} {{end}}", IdOf(image));
            Assert.Equal(string.Join("", image.DiffIds.Select(d => d + " ")) + "\n", diff.Stdout);
            Assert.Single(LayerFiles(Path.GetFileName(top)), f => f.EndsWith(top, StringComparison.Ordinal) && new FileInfo(f).Length == 4 << 20);
        }
    }

    /// <summary>The big image is listed once, with exactly its layers and blobs, nothing staged, every file whole.</summary>
    private void AssertBigImageComplete()
    {
        var image = fixture.Big;
        Assert.Equal(IdOf(image)[..12] + "\n", Berth("images", "--format", "{{.ID}}").Stdout);
        Assert.Equal(PullRobustnessFixture.BigLayers, LayerDirectories().Count);
        Assert.Equal(PullRobustnessFixture.BigLayers + 2, Blobs().Count);
        Assert.Empty(Staging());
        for (var i = 0; i < PullRobustnessFixture.BigLayers; i++)
        {
            var files = LayerFiles(i.ToString(System.Globalization.CultureInfo.InvariantCulture))
                .Where(f => f.EndsWith($"/data/{i}", StringComparison.Ordinal))
                .ToList();
            Assert.NotEmpty(files);
            Assert.All(files, f => Assert.Equal(PullRobustnessFixture.BigLayerBytes, new FileInfo(f).Length));
        }
    }

    private static bool Delay(BerthProcess process, int milliseconds)
    {
        Thread.Sleep(milliseconds);
        return !process.HasExited;
    }
}

using System.Text.Json;

namespace Berth.E2E.Tests;

public class CliTests
{
    [Fact]
    public void Version_Plain_ShowsVersionAndPlatform()
    {
        var r = BerthRunner.Run("version");
        Assert.Equal(0, r.ExitCode);
        Assert.Matches(@"(?m)^Version:\s+\d+\.\d+\.\d+$", r.Stdout);
        Assert.Matches(@"(?m)^OS/Arch:\s+linux/(amd64|arm64)$", r.Stdout);
        Assert.Equal("", r.Stderr);
    }

    [Fact]
    public void Version_OnATerminal_SendsNoTerminalControlSequences()
    {
        // Under a pseudo-terminal (util-linux script) the output is the text alone: no ESC[?1h ESC= keypad mode.
        var start = new System.Diagnostics.ProcessStartInfo("script") { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in new[] { "-qfec", $"'{BerthRunner.Binary}' version --format '{{{{.Client.Version}}}}'", "/dev/null" })
        {
            start.ArgumentList.Add(a);
        }

        using var p = System.Diagnostics.Process.Start(start)!;
        var output = p.StandardOutput.ReadToEnd();
        Assert.True(p.WaitForExit(60_000));
        Assert.Equal(0, p.ExitCode);
        Assert.DoesNotContain('\u001b', output);
        Assert.Matches(@"^\d+\.\d+\.\d+\r\n$", output);
    }

    [Fact]
    public void Version_FormatTemplateAndJson_MatchEachOther()
    {
        var version = BerthRunner.Run("version", "--format", "{{.Client.Version}}");
        Assert.Equal(0, version.ExitCode);
        var json = BerthRunner.Run("version", "-f", "json");
        Assert.Equal(0, json.ExitCode);
        using var doc = JsonDocument.Parse(json.Stdout);
        Assert.Equal(version.Stdout.Trim(), doc.RootElement.GetProperty("Client").GetProperty("Version").GetString());
        Assert.Equal("linux\n", BerthRunner.Run("version", "-f{{.Client.Os}}").Stdout);
        Assert.Equal("linux\n", BerthRunner.Run("version", "--format={{.Client.Os}}").Stdout);
    }

    [Fact]
    public void Help_Root_ListsCommandsAndGlobalOptions()
    {
        var r = BerthRunner.Run("--help");
        Assert.Equal(0, r.ExitCode);
        Assert.StartsWith("Manage pods, containers and images\n\nUsage:\n  berth [options] [command]\n\nAvailable Commands:\n", r.Stdout, StringComparison.Ordinal);
        Assert.Contains("\n  version     Display the Berth version information\n", r.Stdout, StringComparison.Ordinal);
        Assert.Contains("\n      --root string ", r.Stdout, StringComparison.Ordinal);
        Assert.Equal(r.Stdout, BerthRunner.Run("-h").Stdout);
    }

    [Fact]
    public void Help_EveryCommand_HasPodmansSections()
    {
        foreach (var args in new[] { new[] { "version", "--help" }, ["info", "-h"], ["help", "info"], ["system", "info", "--help"], ["system", "--help"] })
        {
            var r = BerthRunner.Run(args);
            Assert.Equal(0, r.ExitCode);
            Assert.Contains("\nDescription:\n", r.Stdout, StringComparison.Ordinal);
            Assert.Contains("\nUsage:\n  berth ", r.Stdout, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(new[] { "version", "--bogus" }, "Error: unknown flag: --bogus\nSee 'berth version --help'\n")]
    [InlineData(new[] { "version", "-x" }, "Error: unknown shorthand flag: 'x' in -x\nSee 'berth version --help'\n")]
    [InlineData(new[] { "info", "--format" }, "Error: flag needs an argument: --format\nSee 'berth info --help'\n")]
    [InlineData(new[] { "version", "extra" }, "Error: `berth version` takes no arguments\n")]
    [InlineData(new[] { "vresion" }, "Error: unrecognized command `berth vresion`\n\nDid you mean this?\n\tversion\n\nTry 'berth --help' for more information\n")]
    [InlineData(new[] { "system", "nope" }, "Error: unrecognized command `berth system nope`\nTry 'berth system --help' for more information\n")]
    [InlineData(new[] { "--log-level", "loud", "version" }, "Error: unable to parse log level: not a valid logrus Level: \"loud\"\n")]
    public void BadCommandLine_OneErrorAndExit125(string[] args, string expected)
    {
        var r = BerthRunner.Run(args);
        Assert.Equal(125, r.ExitCode);
        Assert.Equal(expected, r.Stderr);
    }

    [Fact]
    public void MissingSubcommand_PrintsHelpThenError()
    {
        var r = BerthRunner.Run("system");
        Assert.Equal(125, r.ExitCode);
        Assert.StartsWith("Manage berth", r.Stdout, StringComparison.Ordinal);
        Assert.Equal("Error: missing command 'berth system COMMAND'\n", r.Stderr);
    }

    [Fact]
    public void NoOut_SuppressesStandardOutputOnly()
    {
        var r = BerthRunner.Run("--noout", "version");
        Assert.Equal(0, r.ExitCode);
        Assert.Equal("", r.Stdout);
        Assert.Equal(125, BerthRunner.Run("--noout", "version", "--bogus").ExitCode);
    }

    [Fact]
    public void LogLevelDebug_ListsConfigurationFilesOnStderr()
    {
        using var dir = new TempDir();
        var conf = dir.Write("containers.conf", "[engine]\nno_such_key = 1\n");
        var r = BerthRunner.RunWithEnv(new Dictionary<string, string?> { ["CONTAINERS_CONF"] = conf }, "--log-level=debug", "info", "--format", "{{.Host.Arch}}");
        Assert.Equal(0, r.ExitCode);
        Assert.Contains($"level=debug msg=\"Found configuration file {conf}\"", r.Stderr, StringComparison.Ordinal);
        Assert.Contains("no_such_key", r.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("level=debug", BerthRunner.RunWithEnv(new Dictionary<string, string?> { ["CONTAINERS_CONF"] = conf }, "info", "--format", "{{.Host.Arch}}").Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void RootVersionFlag_PrintsOneLine() =>
        Assert.Matches(@"^berth version \d+\.\d+\.\d+\n$", BerthRunner.Run("--version").Stdout);

    [Fact]
    public void BuildahPersonality_VersionAndHelp()
    {
        var r = BerthRunner.Run("buildah", "version");
        Assert.Equal(0, r.ExitCode);
        Assert.Matches(@"^Version:\s+\d+\.\d+\.\d+\n", r.Stdout);
        using var doc = JsonDocument.Parse(BerthRunner.Run("buildah", "version", "--json").Stdout);
        Assert.Equal("linux/" + doc.RootElement.GetProperty("osArch").GetString()!.Split('/')[1], doc.RootElement.GetProperty("osArch").GetString());
        var help = BerthRunner.Run("buildah", "--help");
        Assert.Contains("Usage:\n  berth buildah [flags]\n  berth buildah [command]\n", help.Stdout, StringComparison.Ordinal);
        Assert.Contains("Use \"berth buildah [command] --help\" for more information about a command.", help.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void SkopeoPersonality_ManifestDigestAndFatalErrors()
    {
        using var dir = new TempDir();
        var manifest = dir.Write("m.json", "{\"a\":1}\n");
        var r = BerthRunner.Run("skopeo", "manifest-digest", manifest);
        Assert.Equal(0, r.ExitCode);
        Assert.Equal("sha256:e346432021b04179518d9614f3560ccd71354a4ee101ddcb893d6959a9d6301c\n", r.Stdout);
        var missing = BerthRunner.Run("skopeo", "manifest-digest", dir.Path + "/nope.json");
        Assert.Equal(1, missing.ExitCode);
        Assert.Matches("^time=\"[^\"]+\" level=fatal msg=\"reading manifest .*/nope.json: open .*/nope.json: no such file or directory\"\n$", missing.Stderr);
        Assert.Equal(1, BerthRunner.Run("skopeo").ExitCode);
    }

    [Fact]
    public void LinkNames_ChooseThePersonality()
    {
        using var dir = new TempDir();
        foreach (var name in new[] { "podman", "docker", "buildah", "skopeo" })
        {
            File.CreateSymbolicLink(Path.Combine(dir.Path, name), BerthRunner.Binary);
        }

        Assert.Matches(@"^podman version \d", BerthRunner.RunAs(Path.Combine(dir.Path, "podman"), null, "--version").Stdout);
        Assert.Matches(@"^docker version \d", BerthRunner.RunAs(Path.Combine(dir.Path, "docker"), null, "--version").Stdout);
        Assert.Matches(@"^skopeo version \d", BerthRunner.RunAs(Path.Combine(dir.Path, "skopeo"), null, "--version").Stdout);
        Assert.Matches(@"^Version:\s+\d", BerthRunner.RunAs(Path.Combine(dir.Path, "buildah"), null, "version").Stdout);
        var podmanHelp = BerthRunner.RunAs(Path.Combine(dir.Path, "podman"), null, "version", "--help").Stdout;
        Assert.Contains("Usage:\n  podman version [options]\n", podmanHelp, StringComparison.Ordinal);
        var err = BerthRunner.RunAs(Path.Combine(dir.Path, "podman"), null, "version", "--nope");
        Assert.Equal("Error: unknown flag: --nope\nSee 'podman version --help'\n", err.Stderr);
    }
}

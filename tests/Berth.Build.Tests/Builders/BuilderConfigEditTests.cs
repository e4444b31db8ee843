using Berth.Build.Builders;
using Berth.Oci;

namespace Berth.Build.Tests.Builders;

/// <summary><c>buildah config</c>'s rules, as buildah 1.28.2 applied them when recorded (docs/buildah.md).</summary>
public sealed class BuilderConfigEditTests
{
    private static BuilderState State(ContainerConfig? config = null, string format = "oci") => new BuilderState
    {
        Id = new string('a', 64),
        Name = "w",
        Created = DateTimeOffset.UnixEpoch,
        FromImage = "scratch",
        ConfigJson = "{}",
        Format = format,
    }.WithConfig(new ImageConfiguration
    {
        Architecture = "amd64",
        OS = "linux",
        Config = config ?? new ContainerConfig { Cmd = ["/bin/sh"] },
        RootFs = new RootFs { Type = "layers", DiffIds = [] },
    });

    private static (ContainerConfig Config, BuilderState State, List<string> Warnings) Apply(BuilderConfigEdit edit, BuilderState? state = null)
    {
        var warnings = new List<string>();
        var result = edit.ApplyTo(state ?? State(), warnings.Add);
        return (result.Config.Config!, result, warnings);
    }

    [Fact]
    public void ApplyTo_CmdText_IsSplitLikeAShell()
    {
        var (c, _, _) = Apply(new BuilderConfigEdit { Cmd = "/bin/sh -c \"echo hi\"" });

        Assert.Equal(["/bin/sh", "-c", "echo hi"], c.Cmd);
    }

    [Fact]
    public void ApplyTo_ShellFormEntrypoint_RunsThroughShAndWarnsThatCmdIsIgnored()
    {
        var (c, _, warnings) = Apply(new BuilderConfigEdit { Entrypoint = "sleep 1" });

        Assert.Equal(["/bin/sh", "-c", "sleep 1"], c.Entrypoint);
        Assert.Equal(["cmd \"/bin/sh\" exists but will be ignored because of entrypoint settings"], warnings);
    }

    [Fact]
    public void ApplyTo_JsonEntrypoint_IsExecFormAndWarnsThatCmdIsPassed()
    {
        var (c, _, warnings) = Apply(new BuilderConfigEdit { Entrypoint = "[\"a\",\"b\"]" });

        Assert.Equal(["a", "b"], c.Entrypoint);
        Assert.Equal(["cmd \"/bin/sh\" exists and will be passed to entrypoint as a parameter"], warnings);
    }

    [Fact]
    public void ApplyTo_EmptyCmdAndEntrypoint_ClearThem()
    {
        var (c, _, _) = Apply(new BuilderConfigEdit { Cmd = "", Entrypoint = "" }, State(new ContainerConfig { Cmd = ["x"], Entrypoint = ["y"] }));

        Assert.Null(c.Cmd);
        Assert.Null(c.Entrypoint);
    }

    [Fact]
    public void ApplyTo_DashSuffix_RemovesEnvPortsLabelsVolumes()
    {
        var start = State(new ContainerConfig
        {
            Env = ["A=1", "B=2"],
            ExposedPorts = new Dictionary<string, EmptyObject> { ["80"] = EmptyObject.Instance },
            Labels = new Dictionary<string, string> { ["x"] = "" },
            Volumes = new Dictionary<string, EmptyObject> { ["/data"] = EmptyObject.Instance },
        });

        var (c, _, _) = Apply(new BuilderConfigEdit { Env = ["A-", "B=3"], Ports = ["80-", "8080"], Labels = ["x-"], Volumes = ["/data-", "/data2"] }, start);

        Assert.Equal(["B=3"], c.Env);
        Assert.Equal(["8080"], c.ExposedPorts!.Keys);
        Assert.Null(c.Labels);
        Assert.Equal(["/data2"], c.Volumes!.Keys);
    }

    [Fact]
    public void ApplyTo_EnvWithoutValue_IsRefusedWithBuildahsMessage()
    {
        var e = Assert.Throws<BerthException>(() => Apply(new BuilderConfigEdit { Env = ["FOO"] }));

        Assert.Equal("setting env \"FOO\": no value given", e.Message);
    }

    [Fact]
    public void ApplyTo_Healthcheck_SplitsAtSpacesWithBuildahsDefaults()
    {
        var (c, _, warnings) = Apply(new BuilderConfigEdit { Healthcheck = "CMD-SHELL echo ok", HealthcheckInterval = "10s", HealthcheckRetries = 2 });

        Assert.Equal(["CMD-SHELL", "echo", "ok"], c.Healthcheck!.Test);
        Assert.Equal(10_000_000_000, c.Healthcheck.Interval);
        Assert.Equal(30_000_000_000, c.Healthcheck.Timeout);
        Assert.Null(c.Healthcheck.StartPeriod);
        Assert.Equal(2, c.Healthcheck.Retries);
        Assert.Equal(["HEALTHCHECK is not supported for OCI image format and will be ignored. Must use `docker` format"], warnings);
    }

    [Fact]
    public void ApplyTo_DockerOnlySettingsOnADockerBuilder_DoNotWarn()
    {
        var (c, state, warnings) = Apply(new BuilderConfigEdit { Shell = "/bin/bash -c", OnBuild = ["RUN x"], Comment = "cmt" }, State(format: "docker"));

        Assert.Equal(["/bin/bash", "-c"], c.Shell);
        Assert.Equal(["RUN x"], c.OnBuild);
        Assert.Equal("cmt", state.Comment);
        Assert.Empty(warnings);
    }

    [Fact]
    public void ApplyTo_HistorySettingsAndAnnotations_AreKeptForTheCommit()
    {
        var (_, state, _) = Apply(new BuilderConfigEdit { CreatedBy = "made here", HistoryComment = "hc", Annotations = ["an=v"], Author = "me" });

        Assert.Equal("made here", state.CreatedBy);
        Assert.Equal("hc", state.HistoryComment);
        Assert.Equal("v", state.Annotations["an"]);
        Assert.Equal("me", state.Config.Author);
    }

    [Theory]
    [InlineData("a b", new[] { "a", "b" })]
    [InlineData("'a b' c", new[] { "a b", "c" })]
    [InlineData("a\\ b", new[] { "a b" })]
    [InlineData("\"x \\\"y\\\"\"", new[] { "x \"y\"" })]
    [InlineData("  ", new string[0])]
    public void ShellWords_Split_HonoursQuotesAndEscapes(string text, string[] words) => Assert.Equal(words, ShellWords.Split(text));
}

using Berth.Build.Containerfile;

namespace Berth.Build.Tests.Containerfile;

/// <summary>Each instruction's forms, flags and Original, parsed one stage at a time.</summary>
public sealed class InstructionParsingTests
{
    private static Instruction Single(string instruction) =>
        Assert.Single(ContainerfileParser.Parse("FROM scratch\n" + instruction + "\n", "Containerfile").Stages[0].Instructions);

    private static T Single<T>(string instruction)
        where T : Instruction => Assert.IsType<T>(Single(instruction));

    private static string ErrorOf(string instruction) =>
        Assert.Throws<BerthException>(() => ContainerfileParser.Parse("FROM scratch\n" + instruction + "\n", "Containerfile")).Message;

    [Theory]
    [InlineData("run echo hi", "RUN")]
    [InlineData("Run echo hi", "RUN")]
    [InlineData("healthcheck none", "HEALTHCHECK")]
    [InlineData("stopSignal SIGTERM", "STOPSIGNAL")]
    public void Parse_KeywordInAnyCase_IsUpperCased(string line, string keyword)
    {
        var instruction = Single(line);

        Assert.Equal(keyword, instruction.Keyword);
        Assert.Equal(line, instruction.Original);
    }

    [Fact]
    public void Parse_RunExecForm_IsJsonWords()
    {
        var run = Single<RunInstruction>("RUN [ \"/bin/sh\", \"-c\", \"echo \\\"quoted\\\" \\u00e9\" ]");

        Assert.True(run.Command.IsJson);
        Assert.Equal(["/bin/sh", "-c", "echo \"quoted\" é"], run.Command.Words);
        Assert.Equal("/bin/sh -c echo \"quoted\" é", run.Command.Text);
    }

    [Theory]
    [InlineData("RUN [\"echo\", \"hi\"", "[\"echo\", \"hi\"")]
    [InlineData("RUN [echo, hi]", "[echo, hi]")]
    [InlineData("RUN [\"echo\"] && true", "[\"echo\"] && true")]
    [InlineData("RUN ['echo', 'hi']", "['echo', 'hi']")]
    public void Parse_MalformedJson_FallsBackToShellForm(string line, string text)
    {
        var run = Single<RunInstruction>(line);

        Assert.False(run.Command.IsJson);
        Assert.Equal([text], run.Command.Words);
    }

    [Theory]
    [InlineData("RUN [\"echo\", null]")]
    [InlineData("CMD [[\"nested\"]]")]
    [InlineData("ENTRYPOINT [\"a\", {\"b\": 1}]")]
    [InlineData("COPY [\"a\", true]")]
    public void Parse_JsonArrayOfNonStrings_Fails(string line) =>
        Assert.EndsWith(": when using JSON array syntax, arrays must be comprised of strings only", ErrorOf(line), StringComparison.Ordinal);

    [Fact]
    public void Parse_EmptyCmdAndEntrypoint_AreAcceptedWithNoWords()
    {
        Assert.Empty(Single<CmdInstruction>("CMD").Command.Words);
        Assert.Empty(Single<EntrypointInstruction>("ENTRYPOINT []").Command.Words);
        Assert.True(Single<EntrypointInstruction>("ENTRYPOINT []").Command.IsJson);
    }

    [Fact]
    public void Parse_EmptyRun_Fails() =>
        Assert.Equal("Containerfile:2: RUN requires at least one argument", ErrorOf("RUN"));

    [Fact]
    public void Parse_ShellJson_GivesTheShell() =>
        Assert.Equal(["/bin/bash", "-o", "pipefail", "-c"], Single<ShellInstruction>("SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]").Shell);

    [Fact]
    public void Parse_EnvLegacyForm_KeepsTheRestAsOneValue()
    {
        var env = Single<EnvInstruction>("ENV GREETING hello   \"big\" world");

        Assert.Equal([new KeyValueWord("GREETING", "hello   \"big\" world")], env.Variables);
    }

    [Fact]
    public void Parse_EnvPairs_KeepQuotesAndEscapesInWords()
    {
        var env = Single<EnvInstruction>("ENV A=1 B=\"a b\" C='x y' D=a\\ b E= F=$A");

        Assert.Equal(
            [
                new KeyValueWord("A", "1"), new KeyValueWord("B", "\"a b\""), new KeyValueWord("C", "'x y'"),
                new KeyValueWord("D", "a\\ b"), new KeyValueWord("E", ""), new KeyValueWord("F", "$A"),
            ],
            env.Variables);
    }

    [Fact]
    public void Parse_LabelLegacyForm_IsOnePair() =>
        Assert.Equal([new KeyValueWord("description", "\"a web server\"")], Single<LabelInstruction>("LABEL description \"a web server\"").Labels);

    [Fact]
    public void Parse_LabelWithQuotedKey_SplitsAtTheFirstEquals() =>
        Assert.Equal([new KeyValueWord("\"org.example.k\"", "\"v=w\"")], Single<LabelInstruction>("LABEL \"org.example.k\"=\"v=w\"").Labels);

    [Fact]
    public void Parse_Maintainer_KeepsTheWholeText() =>
        Assert.Equal("Jane Doe <jane@example.com>", Single<MaintainerInstruction>("MAINTAINER Jane Doe <jane@example.com>").Maintainer);

    [Fact]
    public void Parse_Expose_SplitsOnWhitespace() =>
        Assert.Equal(["80", "443/tcp", "53/udp", "$PORT"], Single<ExposeInstruction>("EXPOSE 80  443/tcp\t53/udp $PORT").Ports);

    [Fact]
    public void Parse_VolumeJsonAndWords_GivePaths()
    {
        Assert.Equal(["/data", "/logs dir"], Single<VolumeInstruction>("VOLUME [\"/data\", \"/logs dir\"]").Paths);
        Assert.Equal(["/data", "/logs"], Single<VolumeInstruction>("VOLUME /data /logs").Paths);
    }

    [Fact]
    public void Parse_UserWorkdirStopsignal_KeepTheText()
    {
        Assert.Equal("app:app", Single<UserInstruction>("USER app:app").User);
        Assert.Equal("/srv/my app", Single<WorkdirInstruction>("WORKDIR /srv/my app").Path);
        Assert.Equal("SIGQUIT", Single<StopSignalInstruction>("STOPSIGNAL SIGQUIT").Signal);
    }

    [Fact]
    public void Parse_CopyJsonForm_AllowsSpacesInPaths()
    {
        var copy = Single<CopyInstruction>("COPY [\"my file.txt\", \"other\", \"/dest dir/\"]");

        Assert.Equal(["my file.txt", "other"], copy.Sources);
        Assert.Equal("/dest dir/", copy.Destination);
    }

    [Fact]
    public void Parse_AddWithFlags_IsAddWithCheckedFlags()
    {
        var add = Single<CopyInstruction>("ADD --chmod=0644 --link --keep-git-dir=TRUE --checksum=sha256:abc --exclude=*.tmp --exclude=.git https://example.com/a.tar /opt/");

        Assert.True(add.IsAdd);
        Assert.Equal("0644", add.Flag("chmod"));
        Assert.True(add.BoolFlag("link"));
        Assert.True(add.BoolFlag("keep-git-dir"));
        Assert.Equal("true", add.Flag("keep-git-dir"));
        Assert.Equal("sha256:abc", add.Flag("checksum"));
        Assert.Equal(["*.tmp", ".git"], add.FlagValues("exclude"));
        Assert.Equal(["https://example.com/a.tar"], add.Sources);
    }

    [Fact]
    public void Parse_CopyFlags_BoolFalseAndQuotedValues()
    {
        var copy = Single<CopyInstruction>("COPY --link=false --parents --chown=\"app user\" a b");

        Assert.False(copy.BoolFlag("link"));
        Assert.True(copy.HasFlag("link"));
        Assert.True(copy.BoolFlag("parents"));
        Assert.Null(copy.Flag("parents"));
        Assert.Equal("app user", copy.Flag("chown"));
        Assert.False(copy.BoolFlag("from"));
    }

    [Fact]
    public void Parse_DoubleDash_EndsTheFlags()
    {
        var run = Single<RunInstruction>("RUN --network=host -- --version");

        Assert.Equal("host", run.Flag("network"));
        Assert.Equal("--version", run.Command.Text);
    }

    [Theory]
    [InlineData("COPY --from=a a b", null)]
    [InlineData("ADD --from=a a b", "unknown flag: from")]
    [InlineData("CMD --version", "unknown flag: version")]
    [InlineData("RUN --mount", "missing a value on flag: mount")]
    [InlineData("RUN --network=a --network=b true", "duplicate flag specified: network")]
    [InlineData("RUN --mount=type=tmpfs,target=/a --mount=type=tmpfs,target=/b true", null)]
    [InlineData("RUN --security=insecure true", null)]
    [InlineData("HEALTHCHECK --start-interval=2s CMD true", null)]
    [InlineData("ONBUILD --x RUN true", "unknown flag: x")]
    public void Parse_Flags_AreCheckedPerInstruction(string line, string? error)
    {
        if (error is null)
        {
            Assert.NotNull(Single(line));
        }
        else
        {
            Assert.EndsWith(error, ErrorOf(line), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Parse_Onbuild_KeepsTheTriggerText()
    {
        var onbuild = Single<OnbuildInstruction>("  onbuild   RUN make install");

        Assert.Equal("RUN make install", onbuild.Trigger);
        Assert.Equal("onbuild   RUN make install", onbuild.Original);
    }

    [Fact]
    public void Parse_OnbuildWithHeredoc_AppendsTheBodyToTheTrigger()
    {
        var onbuild = Single<OnbuildInstruction>("ONBUILD RUN <<EOF\necho one\nEOF");

        Assert.Equal("RUN <<EOF\necho one\nEOF", onbuild.Trigger);
        var trigger = Assert.IsType<RunInstruction>(ContainerfileParser.ParseTrigger(onbuild.Trigger, new SourceLocation("base-image", 1)));
        Assert.Equal([new Heredoc("EOF", "echo one\n", true, false)], trigger.Heredocs);
    }

    [Fact]
    public void Parse_HealthcheckCmdShellForm_IsCmdShell()
    {
        var check = Single<HealthcheckInstruction>("HEALTHCHECK --interval=30s --timeout=1m30s --start-period=500ms --start-interval=1.5s --retries=3 cmd curl -f http://localhost/ || exit 1");

        Assert.Equal(["CMD-SHELL", "curl -f http://localhost/ || exit 1"], check.Health.Test);
        Assert.Equal(30_000_000_000L, check.Health.Interval);
        Assert.Equal(90_000_000_000L, check.Health.Timeout);
        Assert.Equal(500_000_000L, check.Health.StartPeriod);
        Assert.Equal(1_500_000_000L, check.Health.StartInterval);
        Assert.Equal(3, check.Health.Retries);
        Assert.False(check.Command!.IsJson);
    }

    [Fact]
    public void Parse_HealthcheckCmdExecForm_IsCmdWithoutOptions()
    {
        var check = Single<HealthcheckInstruction>("HEALTHCHECK CMD [\"/bin/check\", \"--quick\"]");

        Assert.Equal(["CMD", "/bin/check", "--quick"], check.Health.Test);
        Assert.Null(check.Health.Interval);
        Assert.Null(check.Health.Retries);
    }

    [Fact]
    public void Parse_HealthcheckNone_DisablesTheCheck()
    {
        var check = Single<HealthcheckInstruction>("HEALTHCHECK NONE");

        Assert.Equal(["NONE"], check.Health.Test);
        Assert.Null(check.Command);
    }

    [Theory]
    [InlineData("--interval=1h2m3.5s", "interval", 3_723_500_000_000L)]
    [InlineData("--timeout=250us", "timeout", 250_000L)]
    [InlineData("--timeout=7µs", "timeout", 7_000L)]
    [InlineData("--start-period=+1ns", "start-period", 1L)]
    public void Parse_HealthcheckDurations_AreGoDurations(string flag, string name, long nanoseconds)
    {
        var health = Single<HealthcheckInstruction>($"HEALTHCHECK {flag} CMD true").Health;

        var value = name switch { "interval" => health.Interval, "timeout" => health.Timeout, _ => health.StartPeriod };
        Assert.Equal(nanoseconds, value);
    }

    [Theory]
    [InlineData("--interval=5x", "time: unknown unit \"x\" in duration \"5x\"")]
    [InlineData("--interval=.s", "time: invalid duration \".s\"")]
    [InlineData("--retries=99999999999", "strconv.ParseInt: parsing \"99999999999\": value out of range")]
    [InlineData("--retries=-2", "HEALTHCHECK --retries must be at least 1 (not -2)")]
    public void Parse_HealthcheckBadOptions_FailWithGoMessages(string flag, string message) =>
        Assert.EndsWith(message, ErrorOf($"HEALTHCHECK {flag} CMD true"), StringComparison.Ordinal);

    [Fact]
    public void ParseInstruction_Line_UsesTheGivenLocation()
    {
        var run = Assert.IsType<RunInstruction>(ContainerfileParser.ParseInstruction("RUN echo from base", new SourceLocation("base", 7)));

        Assert.Equal(new SourceLocation("base", 7), run.Location);
        Assert.Equal("echo from base", run.Command.Text);
        var error = Assert.Throws<BerthException>(() => ContainerfileParser.ParseInstruction("BOGUS x", new SourceLocation("base", 3)));
        Assert.Equal("base:3: Unknown instruction: \"BOGUS\"", error.Message);
    }

    [Theory]
    [InlineData("ONBUILD RUN x", "Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed")]
    [InlineData("FROM x", "FROM isn't allowed as an ONBUILD trigger")]
    [InlineData("maintainer me", "MAINTAINER isn't allowed as an ONBUILD trigger")]
    public void ParseTrigger_ForbiddenTrigger_Fails(string trigger, string message) =>
        Assert.Equal("image:1: " + message, Assert.Throws<BerthException>(() => ContainerfileParser.ParseTrigger(trigger, new SourceLocation("image", 1))).Message);
}

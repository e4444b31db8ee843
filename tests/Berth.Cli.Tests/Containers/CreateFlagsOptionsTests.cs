using Berth.Cli.CommandLine;
using Berth.Cli.Commands;
using Berth.Cli.Personalities;
using Berth.Oci;

namespace Berth.Cli.Tests.Containers;

/// <summary>security-opt, ulimit, sysctl, labels, logs, healthchecks, pull, platform, umask, attach: podman 4.3.1's values and errors.</summary>
public sealed class CreateFlagsOptionsTests
{
    private static readonly CommandSpec Root = PodmanTree.Create("podman");

    private static CreateFlags Run(params string[] args)
    {
        var invocation = CommandLineParser.Parse(Root, ["run", .. args], TextWriter.Null, TextWriter.Null);
        return CreateFlags.Parse(invocation.Options, invocation.Arguments, invocation.Command.Path);
    }

    private static string RunError(params string[] args) => Assert.Throws<BerthException>(() => Run(args)).Message;

    [Fact]
    public void Parse_SecurityOpts_IntoTheirRecord()
    {
        var security = Run("--security-opt", "no-new-privileges", "--security-opt", "seccomp=unconfined", "--security-opt", "label=disable",
            "--security-opt", "label:type:spc_t", "--security-opt", "mask=/a:/b", "--security-opt", "unmask=/proc/kcore",
            "--security-opt", "apparmor=unconfined", "--security-opt", "proc-opts=hidepid=2", "img").Security;

        Assert.True(security.NoNewPrivileges);
        Assert.Equal("unconfined", security.SeccompProfile);
        Assert.Equal(["disable", "type:spc_t"], security.Labels);
        Assert.Equal(["/a", "/b"], security.Mask);
        Assert.Equal(["/proc/kcore"], security.Unmask);
        Assert.Equal("unconfined", security.ApparmorProfile);
        Assert.Equal(["hidepid=2"], security.ProcOpts);
        Assert.Equal(["ALL"], Run("--security-opt", "systempaths=unconfined", "img").Security.Unmask);
        Assert.False(Run("--security-opt", "no-new-privileges=false", "img").Security.NoNewPrivileges);
    }

    [Theory]
    [InlineData(new[] { "foo" }, "invalid --security-opt 1: \"foo\"")]
    [InlineData(new[] { "seccomp" }, "invalid --security-opt 1: \"seccomp\"")]
    [InlineData(new[] { "apparmor" }, "invalid --security-opt 1: \"apparmor\"")]
    [InlineData(new[] { "bogus=1" }, "invalid --security-opt 2: \"bogus=1\"")]
    [InlineData(new[] { "mask=/a:/b", "no-new-privileges=maybe" }, "invalid --security-opt 2: \"no-new-privileges=maybe\"")]
    [InlineData(new[] { "systempaths=x" }, "invalid systempaths option \"x\", only `unconfined` is supported")]
    public void Parse_SecurityOpts_PodmansErrors(string[] values, string message)
    {
        var args = values.SelectMany(v => new[] { "--security-opt", v }).Append("img").ToArray();

        Assert.Equal(message, RunError(args));
    }

    [Fact]
    public void Parse_Ulimits()
    {
        var flags = Run("--ulimit", "nofile=1024:2048", "--ulimit", "nproc=-1", "--ulimit", "core=0", "img");

        Assert.Equal([new UlimitFlag("nofile", 1024, 2048), new UlimitFlag("nproc", -1, -1), new UlimitFlag("core", 0, 0)], flags.Ulimits);
        Assert.True(Run("--ulimit", "host", "img").UlimitHost);
        Assert.Empty(Run("--ulimit", "host", "img").Ulimits);
    }

    [Theory]
    [InlineData("nofile=abc", "ulimit option \"nofile=abc\" requires name=SOFT:HARD, failed to be parsed: strconv.ParseInt: parsing \"abc\": invalid syntax")]
    [InlineData("foo=1", "ulimit option \"foo=1\" requires name=SOFT:HARD, failed to be parsed: invalid ulimit type: foo")]
    [InlineData("nofile=3:2", "ulimit option \"nofile=3:2\" requires name=SOFT:HARD, failed to be parsed: ulimit soft limit must be less than or equal to hard limit: 3 > 2")]
    [InlineData("nofile", "ulimit option \"nofile\" requires name=SOFT:HARD, failed to be parsed: invalid ulimit argument: nofile")]
    public void Parse_Ulimit_PodmansErrors(string value, string message)
    {
        Assert.Equal(message, RunError("--ulimit", value, "img"));
    }

    [Fact]
    public void Parse_Sysctls()
    {
        Assert.Equal(new Dictionary<string, string> { ["net.ipv4.ip_forward"] = "1", ["kernel.msgmax"] = "65536" },
            Run("--sysctl", "net.ipv4.ip_forward=1,kernel.msgmax=65536", "img").Sysctls);
        Assert.Equal("foo is invalid, sysctl values must be in the form of KEY=VALUE", RunError("--sysctl", "foo", "img"));
        Assert.Equal("'a=b=c' is invalid, extra spaces found", RunError("--sysctl", "a=b=c", "img"));
        Assert.Equal("'a = b' is invalid, extra spaces found", RunError("--sysctl", "a = b", "img"));
    }

    [Fact]
    public void Parse_LabelsFromFileThenFlags_AndAnnotations()
    {
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, "# comment\nteam=a\n\n  tier=web  \nflag\n");
            var flags = Run("--label-file", file, "-l", "team=b", "--label", "x", "--annotation", "k=v=w", "img");

            Assert.Equal(new Dictionary<string, string> { ["team"] = "b", ["tier"] = "web", ["flag"] = "", ["x"] = "" }, flags.Labels);
            Assert.Equal(new Dictionary<string, string> { ["k"] = "v=w" }, flags.Annotations);
        }
        finally
        {
            File.Delete(file);
        }

        Assert.Equal("unable to process labels: open /nonexistent/labels: no such file or directory", RunError("--label-file", "/nonexistent/labels", "img"));
        Assert.Equal("annotations must be formatted KEY=VALUE", RunError("--annotation", "novalue", "img"));
    }

    [Fact]
    public void Parse_LogDriverAndOptions()
    {
        var log = Run("--log-driver", "json-file", "--log-opt", "path=/tmp/ctr.log", "--log-opt", "max-size=10mb", "--log-opt", "tag={{.Name}}", "img").Log;

        Assert.Equal("json-file", log.Driver);
        Assert.Equal("/tmp/ctr.log", log.Path);
        Assert.Equal(10_000_000, log.MaxSize);
        Assert.Equal("{{.Name}}", log.Tag);
        foreach (var driver in new[] { "k8s-file", "journald", "none", "passthrough" })
        {
            Assert.Equal(driver, Run("--log-driver", driver, "img").Log.Driver);
        }

        Assert.Equal("running container create option: invalid log driver: invalid argument", RunError("--log-driver", "foo", "img"));
        Assert.Equal("invalid log option \"foo\"", RunError("--log-opt", "foo", "img"));
        Assert.Equal("invalid size: 'abc'", RunError("--log-opt", "max-size=abc", "img"));
    }

    [Fact]
    public void Parse_Healthcheck_ShellFormAndTimings()
    {
        var flags = Run("--health-cmd", "curl -f http://localhost/", "--health-interval", "1m30s", "--health-retries", "5",
            "--health-timeout", "500ms", "--health-start-period", "2s", "--health-on-failure", "restart", "img");

        Assert.Equal(["CMD-SHELL", "curl -f http://localhost/"], flags.Healthcheck!.Test);
        Assert.Equal(TimeSpan.FromSeconds(90), flags.Healthcheck.Interval);
        Assert.Equal(5u, flags.Healthcheck.Retries);
        Assert.Equal(TimeSpan.FromMilliseconds(500), flags.Healthcheck.Timeout);
        Assert.Equal(TimeSpan.FromSeconds(2), flags.Healthcheck.StartPeriod);
        Assert.Equal("restart", flags.HealthOnFailure);
    }

    [Fact]
    public void Parse_Healthcheck_ArrayForms_DefaultsAndNone()
    {
        Assert.Equal(["CMD", "/bin/check", "-v"], Run("--health-cmd", "[\"/bin/check\",\"-v\"]", "img").Healthcheck!.Test);
        Assert.Equal(["CMD-SHELL", "/bin/check"], Run("--health-cmd", "[\"/bin/check\"]", "img").Healthcheck!.Test);
        Assert.Equal(["CMD", "/bin/true"], Run("--health-cmd", "CMD /bin/true", "img").Healthcheck!.Test);
        var defaults = Run("--health-cmd", "true", "img").Healthcheck!;
        Assert.Equal((TimeSpan.FromSeconds(30), 3u, TimeSpan.FromSeconds(30), TimeSpan.Zero), (defaults.Interval, defaults.Retries, defaults.Timeout, defaults.StartPeriod));
        Assert.Equal(TimeSpan.Zero, Run("--health-cmd", "true", "--health-interval", "disable", "img").Healthcheck!.Interval);
        var none = Run("--health-cmd", "none", "img");
        Assert.Null(none.Healthcheck);
        Assert.True(none.HealthcheckDisabled);
        Assert.True(Run("--no-healthcheck", "img").HealthcheckDisabled);
    }

    [Theory]
    [InlineData("--health-interval", "5x", "invalid healthcheck-interval: time: unknown unit \"x\" in duration \"5x\"")]
    [InlineData("--health-interval", "5", "invalid healthcheck-interval: time: missing unit in duration \"5\"")]
    [InlineData("--health-timeout", "abc", "invalid healthcheck-timeout: time: invalid duration \"abc\"")]
    [InlineData("--health-timeout", "0s", "healthcheck-timeout must be at least 1 second")]
    [InlineData("--health-retries", "0", "healthcheck-retries must be greater than 0")]
    [InlineData("--health-start-period", "-1s", "healthcheck-start-period must be 0 seconds or greater")]
    [InlineData("--health-on-failure", "foo", "invalid on-failure action \"foo\" for health check: supported actions are none,kill,restart,stop")]
    public void Parse_Healthcheck_PodmansErrors(string flag, string value, string message)
    {
        Assert.Equal(message, RunError("--health-cmd", "true", flag, value, "img"));
    }

    [Fact]
    public void Parse_NoHealthcheckWithCommand_Conflicts()
    {
        Assert.Equal("cannot specify both --no-healthcheck and --health-cmd", RunError("--no-healthcheck", "--health-cmd", "true", "img"));
    }

    [Theory]
    [InlineData("always", PullPolicy.Always)]
    [InlineData("missing", PullPolicy.Missing)]
    [InlineData("IfNotPresent", PullPolicy.Missing)]
    [InlineData("never", PullPolicy.Never)]
    [InlineData("newer", PullPolicy.Newer)]
    public void Parse_Pull(string value, PullPolicy policy)
    {
        Assert.Equal(policy, Run("--pull", value, "img").Pull);
    }

    [Fact]
    public void Parse_PullAndPlatformErrors()
    {
        Assert.Equal("unsupported pull policy \"foo\"", RunError("--pull", "foo", "img"));
        Assert.Equal("--platform option can not be specified with --arch or --os", RunError("--platform", "linux/amd64", "--arch", "arm64", "img"));
        var flags = Run("--platform", "linux/arm64/v8", "img");
        Assert.Equal(("linux", "arm64", "v8"), (flags.Os, flags.Arch, flags.Variant));
        var overrides = Run("--arch", "arm", "--os", "linux", "--variant", "v7", "img");
        Assert.Equal(("linux", "arm", "v7"), (overrides.Os, overrides.Arch, overrides.Variant));
        Assert.Equal("linux", Run("--platform", "linux", "img").Os);
    }

    [Theory]
    [InlineData("999")]
    [InlineData("0778")]
    [InlineData("07777")]
    [InlineData("abc")]
    public void Parse_BadUmask_PodmansError(string value)
    {
        Assert.Equal($"running container create option: invalid umask string {value}: invalid argument", RunError("--umask", value, "img"));
    }

    [Fact]
    public void Parse_UmaskShmSizeAttach()
    {
        Assert.Equal("077", Run("--umask", "077", "img").Umask);
        Assert.Equal(1L << 30, Run("--shm-size", "1g", "img").ShmSize);
        Assert.Equal("unable to translate --shm-size: invalid size: '1x'", RunError("--shm-size", "1x", "img"));
        Assert.Equal("unable to translate --shm-size: invalid size: '-1'", RunError("--shm-size", "-1", "img"));
        Assert.Equal("invalid stream \"foo\" for --attach - must be one of stdin, stdout, or stderr: invalid argument", RunError("-a", "foo", "img"));
    }

    [Fact]
    public void Parse_RunOnlyFlags_AreAbsentFromCreate()
    {
        var invocation = CommandLineParser.Parse(Root, ["create", "img"], TextWriter.Null, TextWriter.Null);
        var flags = CreateFlags.Parse(invocation.Options, invocation.Arguments, invocation.Command.Path);

        Assert.False(flags.Detach);
        Assert.Null(flags.DetachKeys);
        Assert.Equal("ctrl-p,ctrl-q", Run("img").DetachKeys);
        Assert.False(Run("--sig-proxy=false", "img").SigProxy);
    }

    [Theory]
    [InlineData("0", 0L)]
    [InlineData("1h30m", 5400_000_000_000L)]
    [InlineData("250ms", 250_000_000L)]
    [InlineData("1.5s", 1_500_000_000L)]
    [InlineData("-2us", -2_000L)]
    [InlineData("3µs", 3_000L)]
    [InlineData("7ns", 7L)]
    public void GoDuration_ParsesLikeGo(string text, long nanoseconds)
    {
        Assert.Equal(nanoseconds, GoDuration.ParseNanoseconds(text));
    }

    [Theory]
    [InlineData("", "time: invalid duration \"\"")]
    [InlineData("-", "time: invalid duration \"-\"")]
    [InlineData("s", "time: invalid duration \"s\"")]
    [InlineData("1", "time: missing unit in duration \"1\"")]
    [InlineData("1d", "time: unknown unit \"d\" in duration \"1d\"")]
    public void GoDuration_GoErrors(string text, string message)
    {
        Assert.Equal(message, Assert.Throws<FormatException>(() => GoDuration.ParseNanoseconds(text)).Message);
    }
}

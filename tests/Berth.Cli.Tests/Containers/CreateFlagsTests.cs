using Berth.Cli.CommandLine;
using Berth.Cli.Commands;
using Berth.Cli.Personalities;
using Berth.Oci;

namespace Berth.Cli.Tests.Containers;

/// <summary>
/// run/create flags through the real parser and <see cref="CreateFlags.Parse"/>. The error texts are podman 4.3.1's,
/// observed with <c>podman create … localhost/busybox true</c> on this machine.
/// </summary>
public sealed class CreateFlagsTests
{
    private static readonly CommandSpec Root = PodmanTree.Create("podman");

    private static CreateFlags Run(params string[] args) => Parse("run", args);

    private static CreateFlags Parse(string command, string[] args)
    {
        var invocation = CommandLineParser.Parse(Root, [command, .. args], TextWriter.Null, TextWriter.Null);
        return CreateFlags.Parse(invocation.Options, invocation.Arguments, invocation.Command.Path);
    }

    private static string RunError(params string[] args) =>
        Assert.Throws<BerthException>(() => Run(args)).Message;

    [Theory]
    [InlineData("-p", "abc", "parsing container port: invalid port number: strconv.Atoi: parsing \"abc\": invalid syntax")]
    [InlineData("-p", "70000:80", "parsing host port: port numbers must be between 1 and 65535 (inclusive), got 70000")]
    // pflag splits a string slice at commas: "80/tcp,udp" is "80/tcp" and "udp".
    [InlineData("-p", "80/tcp,udp", "parsing container port: invalid port number: strconv.Atoi: parsing \"udp\": invalid syntax")]
    [InlineData("--expose", "abc", "invalid range format for --expose: abc: strconv.ParseUint: parsing \"abc\": invalid syntax")]
    [InlineData("--expose", "7000/tcp/udp", "invalid expose format - protocol can only be specified once")]
    public void Parse_BadPortFlags_PodmanErrors(string flag, string value, string message)
    {
        var e = Assert.Throws<BerthException>(() => Run(flag, value, "img"));
        Assert.Equal(ErrorKind.InvalidArgument, e.Kind);
        Assert.Equal(message, e.Message);
    }

    [Fact]
    public void Parse_PortFlags_ParsedInOrder()
    {
        var flags = Run("-p", "8080:80", "-p", "", "-p", "127.0.0.1::53/udp", "--expose", "7000-7001", "--expose", "7000/udp", "img");
        Assert.Equal(["8080:80", "127.0.0.1::53/udp"], flags.Publish);
        Assert.Equal([(ushort)80, (ushort)53], flags.PortMappings.Select(p => p.ContainerPort));
        Assert.Equal("127.0.0.1", flags.PortMappings[1].HostIp);
        Assert.Equal(0, flags.PortMappings[1].HostPort);
        Assert.Equal([new KeyValuePair<ushort, string>(7000, "tcp,udp"), new KeyValuePair<ushort, string>(7001, "tcp")], flags.Expose);
    }

    [Fact]
    public void Parse_Defaults_AreTheFlagDefaults()
    {
        var flags = Run("img");

        Assert.Equal("img", flags.Image);
        Assert.Empty(flags.Command);
        Assert.Null(flags.Entrypoint);
        Assert.Equal(RestartPolicy.None, flags.Restart);
        Assert.Equal("k8s-file", flags.Log.Driver);
        Assert.Equal(PullPolicy.Missing, flags.Pull);
        Assert.Equal(65536L * 1024, flags.ShmSize);
        Assert.Equal("0022", flags.Umask);
        Assert.Equal(10u, flags.StopTimeout);
        Assert.Equal(2048, flags.Resources.PidsLimit);
        Assert.Null(flags.Resources.Memory);
        Assert.Null(flags.Resources.MemorySwappiness);
        Assert.True(flags.SigProxy);
        Assert.True(flags.ReadOnlyTmpfs);
        Assert.Null(flags.Healthcheck);
        Assert.Null(flags.StopSignal);
        Assert.Null(flags.OomScoreAdj);
        Assert.Empty(flags.Networks);
    }

    [Fact]
    public void Parse_CommonFlags_AreTyped()
    {
        var flags = Run("--name", "web", "-e", "A=1", "-e", "B", "--env-file", "a.env,b.env", "--env-host", "-w", "/srv", "-u", "1000:1000",
            "--group-add", "wheel", "-h", "box", "--init", "--privileged", "--read-only", "--read-only-tmpfs=false", "--cap-add", "NET_ADMIN,SYS_TIME",
            "--cap-drop", "ALL", "--rm", "--replace", "-dit", "-a", "STDOUT", "-a", "stderr", "--pod", "p1", "-p", "8080:80", "-P",
            "-v", "/a:/b", "--mount", "type=tmpfs,dst=/t", "--tmpfs", "/run", "--device", "/dev/fuse", "--tz", "UTC",
            "--cidfile", "/tmp/cid", "--network", "host", "--net", "none", "img", "sh", "-c", "echo hi");

        Assert.Equal("web", flags.Name);
        Assert.Equal(["A=1", "B"], flags.Env);
        Assert.Equal(["a.env", "b.env"], flags.EnvFiles);
        Assert.True(flags.EnvHost);
        Assert.Equal("/srv", flags.Workdir);
        Assert.Equal("1000:1000", flags.User);
        Assert.Equal(["wheel"], flags.GroupAdd);
        Assert.Equal("box", flags.Hostname);
        Assert.True(flags.Init && flags.Privileged && flags.ReadOnly && flags.Remove && flags.Replace);
        Assert.False(flags.ReadOnlyTmpfs);
        Assert.Equal(["NET_ADMIN", "SYS_TIME"], flags.CapAdd);
        Assert.Equal(["ALL"], flags.CapDrop);
        Assert.True(flags.Detach && flags.Interactive && flags.Tty);
        Assert.Equal(["stdout", "stderr"], flags.Attach);
        Assert.Equal("p1", flags.Pod);
        Assert.Equal(["8080:80"], flags.Publish);
        Assert.True(flags.PublishAll);
        Assert.Equal(["/a:/b"], flags.Volumes);
        Assert.Equal(["type=tmpfs,dst=/t"], flags.Mounts);
        Assert.Equal(["/run"], flags.Tmpfs);
        Assert.Equal(["/dev/fuse"], flags.Devices);
        Assert.Equal("UTC", flags.Tz);
        Assert.Equal("/tmp/cid", flags.CidFile);
        Assert.Equal(["host", "none"], flags.Networks);
        Assert.Equal(["sh", "-c", "echo hi"], flags.Command);
    }

    [Theory]
    [InlineData("[\"/bin/sh\",\"-c\"]", new[] { "/bin/sh", "-c" })]
    [InlineData("/bin/busybox echo", new[] { "/bin/busybox echo" })]
    [InlineData("[bad", new[] { "[bad" })]
    [InlineData("", new[] { "" })]
    [InlineData("[]", new string[0])]
    public void Parse_Entrypoint_JsonArrayOrOneWord(string value, string[] expected)
    {
        Assert.Equal(expected, Run("--entrypoint", value, "img").Entrypoint);
    }

    [Theory]
    [InlineData("12x", "invalid value for memory: invalid size: '12x'")]
    [InlineData("-1", "invalid value for memory: invalid size: '-1'")]
    [InlineData("1.5.x", "invalid value for memory: invalid size: '1.5.x'")]
    public void Parse_BadMemory_PodmansError(string value, string message)
    {
        Assert.Equal(message, RunError("--memory", value, "img"));
    }

    [Theory]
    [InlineData("1", 1L)]
    [InlineData("1b", 1L)]
    [InlineData("3k", 3072L)]
    [InlineData("512m", 512L * 1024 * 1024)]
    [InlineData("1.5g", 1610612736L)]
    [InlineData("2 GiB", 2147483648L)]
    public void Parse_Memory_UsesBinaryUnits(string value, long bytes)
    {
        Assert.Equal(bytes, Run("-m", value, "img").Resources.Memory);
    }

    [Fact]
    public void Parse_MemorySwap_MinusOneIsUnlimitedAndNeedsNoMemory()
    {
        Assert.Equal(-1, Run("--memory-swap", "-1", "img").Resources.MemorySwap);
        Assert.Equal(20L << 20, Run("-m", "10m", "--memory-swap", "20m", "img").Resources.MemorySwap);
        Assert.Equal("you should always set a memory limit when using a memoryswap limit, see usage", RunError("--memory-swap", "10m", "img"));
        Assert.Equal("minimum memoryswap limit should be larger than memory limit, see usage", RunError("-m", "20m", "--memory-swap", "10m", "img"));
        Assert.Equal("invalid value for memory: invalid size: '12q'", RunError("--memory-swap", "12q", "img"));
        Assert.Equal("invalid value for memory: invalid size: '1x'", RunError("--memory-reservation", "1x", "img"));
    }

    [Fact]
    public void Parse_Cpus_BecomesQuotaOverA100msPeriod()
    {
        var resources = Run("--cpus", "1.5", "--cpu-shares", "512", "--cpuset-cpus", "0-1", "--cpuset-mems", "0", "img").Resources;

        Assert.Equal(100000UL, resources.CpuPeriod);
        Assert.Equal(150000L, resources.CpuQuota);
        Assert.Equal(512UL, resources.CpuShares);
        Assert.Equal("0-1", resources.CpusetCpus);
        Assert.Equal("0", resources.CpusetMems);
        Assert.Null(Run("--cpus", "-1", "img").Resources.CpuQuota);
    }

    [Fact]
    public void Parse_BadCpus_IsPflagsUsageError()
    {
        var e = Assert.Throws<UsageException>(() => Run("--cpus", "abc", "img"));

        Assert.Equal("invalid argument \"abc\" for \"--cpus\" flag: strconv.ParseFloat: parsing \"abc\": invalid syntax\nSee 'podman run --help'", e.Message);
    }

    [Fact]
    public void Parse_CpusWithQuotaOrPeriod_Conflicts()
    {
        Assert.Equal("--cpu-quota and --cpus cannot be set together", RunError("--cpus", "0.5", "--cpu-quota", "5", "img"));
        Assert.Equal("--cpu-period and --cpus cannot be set together", RunError("--cpus", "0.5", "--cpu-period", "5", "img"));
    }

    [Fact]
    public void Parse_BadPidsLimit_IsRejectedByTheFlagParser()
    {
        var e = Assert.Throws<UsageException>(() => Run("--pids-limit", "abc", "img"));

        Assert.Equal("invalid argument \"abc\" for \"--pids-limit\" flag: strconv.ParseInt: parsing \"abc\": invalid syntax\nSee 'podman run --help'", e.Message);
        Assert.Equal(-1, Run("--pids-limit", "-1", "img").Resources.PidsLimit);
    }

    [Theory]
    [InlineData("no", "no", null)]
    [InlineData("always", "always", null)]
    [InlineData("unless-stopped", "unless-stopped", null)]
    [InlineData("on-failure", "on-failure", null)]
    [InlineData("on-failure:0", "on-failure", 0u)]
    [InlineData("on-failure:5", "on-failure", 5u)]
    public void Parse_Restart_Valid(string value, string name, uint? retries)
    {
        Assert.Equal(new RestartPolicy(name, retries), Run("--restart", value, "img").Restart);
    }

    [Theory]
    [InlineData("foo", "running container create option: \"foo\" is not a valid restart policy: invalid argument")]
    [InlineData("on-failure:x", "parsing restart policy retry count: strconv.Atoi: parsing \"x\": invalid syntax")]
    [InlineData("on-failure:", "parsing restart policy retry count: strconv.Atoi: parsing \"\": invalid syntax")]
    [InlineData("on-failure:-1", "must specify restart policy retry count as a number greater than 0")]
    [InlineData("no:3", "restart policy retries can only be specified with on-failure restart policy")]
    [InlineData("always:3", "restart policy retries can only be specified with on-failure restart policy")]
    [InlineData("on-failure:1:2", "invalid restart policy: may specify retries at most once")]
    public void Parse_Restart_PodmansErrors(string value, string message)
    {
        Assert.Equal(message, RunError("--restart", value, "img"));
    }

    [Fact]
    public void Parse_RestartWithRm_ConflictsUnlessNo()
    {
        Assert.Equal("the --rm option conflicts with --restart, when the restartPolicy is not \"\" and \"no\"", RunError("--rm", "--restart", "always", "img"));
        Assert.Equal("the --rm option conflicts with --restart, when the restartPolicy is not \"\" and \"no\"", Assert.Throws<BerthException>(() => Parse("create", ["--rm", "--restart", "on-failure", "img"])).Message);
        Assert.True(Run("--rm", "--restart", "no", "img").Remove);
    }

    [Theory]
    [InlineData("5000")]
    [InlineData("-1001")]
    public void Parse_OomScoreAdjOutOfRange_IsRefused(string value)
    {
        var e = Assert.Throws<BerthException>(() => Run("--oom-score-adj", value, "img"));

        Assert.Equal(ErrorKind.InvalidArgument, e.Kind);
        Assert.Contains("-1000 and 1000", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_OomScoreAdj_InRange()
    {
        Assert.Equal(-1000, Run("--oom-score-adj", "-1000", "img").OomScoreAdj);
        Assert.Equal(500, Run("--oom-score-adj=500", "img").OomScoreAdj);
    }

    [Theory]
    [InlineData("SIGKILL", 9)]
    [InlineData("kill", 9)]
    [InlineData("TERM", 15)]
    [InlineData("2", 2)]
    [InlineData("RTMIN+3", 37)]
    public void Parse_StopSignal_NamesAndNumbers(string value, int number)
    {
        Assert.Equal(number, Run("--stop-signal", value, "img").StopSignal);
    }

    [Theory]
    [InlineData("FOO", "invalid signal: FOO")]
    [InlineData("0", "invalid signal: 0")]
    [InlineData("99", "valid signals are 1 through 64")]
    public void Parse_StopSignal_PodmansErrors(string value, string message)
    {
        Assert.Equal(message, RunError("--stop-signal", value, "img"));
    }

    [Fact]
    public void Parse_StopTimeout()
    {
        Assert.Equal(3u, Run("--stop-timeout", "3", "img").StopTimeout);
    }
}

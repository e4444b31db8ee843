using Berth.Build.Builders;
using Berth.Cli.CommandLine;
using Berth.Cli.Commands;
using Berth.Cli.Personalities;
using Berth.Oci;

namespace Berth.Cli.Tests.Build;

/// <summary>
/// <c>podman build</c>'s RUN container flags through the real parser and <see cref="BuildRunFlags.Parse"/>. The error
/// texts are podman 4.3.1's, recorded with <c>podman build --no-cache --network none … ctx</c> on this machine.
/// </summary>
public sealed class BuildRunFlagsTests
{
    private static readonly CommandSpec Root = PodmanTree.Create("podman");

    private static RunContainerOptions Parse(params string[] args)
    {
        var invocation = CommandLineParser.Parse(Root, ["build", .. args, "ctx"], TextWriter.Null, TextWriter.Null);
        return BuildRunFlags.Parse(invocation.Options);
    }

    private static string Error(params string[] args)
    {
        var e = Assert.Throws<BerthException>(() => Parse(args));
        Assert.Equal(ErrorKind.InvalidArgument, e.Kind);
        return e.Message;
    }

    [Fact]
    public void Parse_NoFlags_ChangesNothing()
    {
        var o = Parse();

        Assert.Empty(o.CapAdd);
        Assert.Empty(o.CapDrop);
        Assert.Empty(o.Ulimits);
        Assert.Empty(o.Devices);
        Assert.Empty(o.RuntimeFlags);
        Assert.All(new object?[] { o.Memory, o.Cpu, o.ShmSize, o.SeccompProfile, o.ApparmorProfile, o.CgroupParent, o.RunError, o.Pid, o.Ipc, o.Uts, o.Cgroup }, Assert.Null);
    }

    [Fact]
    public void Parse_ResourceFlags_AreTheSpecValues()
    {
        var o = Parse("--memory", "64m", "--memory-swap", "128m", "--cpu-period", "50000", "--cpu-quota", "25000", "-c", "512",
            "--cpuset-cpus", "1", "--cpuset-mems", "0", "--shm-size", "10m", "--cgroup-parent", "bogus");

        Assert.Equal(new LinuxMemory { Limit = 64 << 20, Swap = 128 << 20 }, o.Memory);
        Assert.Equal(new LinuxCpu { Period = 50000, Quota = 25000, Shares = 512, Cpus = "1", Mems = "0" }, o.Cpu);
        Assert.Equal(10L << 20, o.ShmSize);
        Assert.Equal("bogus", o.CgroupParent);
        Assert.Equal(-1, Parse("--memory-swap", "-1").Memory!.Swap);
    }

    [Theory]
    [InlineData("--memory", "abc", "invalid value for memory: invalid size: 'abc'")]
    [InlineData("--memory-swap", "abc", "invalid value for memory-swap: invalid size: 'abc'")]
    [InlineData("--shm-size", "abc", "invalid --shm-size: invalid size: 'abc'")]
    [InlineData("--cap-add", "FOO", "creating build executor: \"CAP_FOO\": unknown capability")]
    [InlineData("--cap-drop", "foo", "creating build executor: \"CAP_FOO\": unknown capability")]
    [InlineData("--security-opt", "no-new-privileges", "no-new-privileges is not supported")]
    [InlineData("--security-opt", "bogus", "invalid --security-opt name=value pair: \"bogus\"")]
    [InlineData("--security-opt", "seccomp:unconfined", "invalid --security-opt name=value pair: \"seccomp:unconfined\"")]
    [InlineData("--security-opt", "no-new-privileges=true", "invalid --security-opt 2: \"no-new-privileges=true\"")]
    [InlineData("--security-opt", "mask=/etc", "invalid --security-opt 2: \"mask=/etc\"")]
    [InlineData("--security-opt", "systempaths=unconfined", "invalid --security-opt 2: \"systempaths=unconfined\"")]
    [InlineData("--device", "/dev/nonexist", "creating build executor: getting info of source device /dev/nonexist: stat /dev/nonexist: no such file or directory")]
    [InlineData("--device", "/etc/passwd", "creating build executor: /etc/passwd is not a valid device: not a device node")]
    [InlineData("--device", "/dev/zero:/dev/z:xyz", "creating build executor: invalid device mode: xyz")]
    [InlineData("--device", "/dev/zero::rw", "creating build executor: invalid device mode: ")]
    [InlineData("--ipc", "bogus", "checking ipc namespace: stat bogus: no such file or directory")]
    [InlineData("--pid", "container:x", "checking pid namespace: stat container:x: no such file or directory")]
    [InlineData("--uts", "ns:/nonexistent/uts", "checking uts namespace: stat /nonexistent/uts: no such file or directory")]
    [InlineData("--cgroupns", "bogus", "checking cgroup namespace: stat bogus: no such file or directory")]
    public void Parse_BadValues_PodmansMessages(string flag, string value, string message)
    {
        Assert.Equal(message, Error(flag, value));
    }

    [Theory]
    [InlineData("--cpu-period", "abc", "invalid argument \"abc\" for \"--cpu-period\" flag: strconv.ParseUint: parsing \"abc\": invalid syntax")]
    [InlineData("--cpu-quota", "abc", "invalid argument \"abc\" for \"--cpu-quota\" flag: strconv.ParseInt: parsing \"abc\": invalid syntax")]
    [InlineData("--cpu-shares", "abc", "invalid argument \"abc\" for \"-c, --cpu-shares\" flag: strconv.ParseUint: parsing \"abc\": invalid syntax")]
    public void Parse_BadNumbers_AreRefusedByTheFlagParser(string flag, string value, string message)
    {
        var e = Assert.Throws<UsageException>(() => Parse(flag, value));

        Assert.StartsWith(message, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("foo=1", "ulimit option \"foo=1\" requires name=SOFT:HARD, failed to be parsed: invalid ulimit type: foo")]
    [InlineData("nofile=abc", "ulimit option \"nofile=abc\" requires name=SOFT:HARD, failed to be parsed: strconv.ParseInt: parsing \"abc\": invalid syntax")]
    [InlineData("host", "ulimit option \"host\" requires name=SOFT:HARD, failed to be parsed: invalid ulimit argument: host")]
    public void Parse_BadUlimit_IsTheRunStepsError(string value, string message)
    {
        // buildah checks --ulimit when a RUN container is set up: podman prints it after 'building at STEP "RUN …"'.
        var o = Parse("--ulimit", value);

        Assert.Equal(message, o.RunError);
        Assert.Empty(o.Ulimits);
    }

    [Fact]
    public void Parse_Ulimits_AreNormalised()
    {
        Assert.Equal(["nofile=1000:2000", "core=-1:-1", "nproc=50:50"], Parse("--ulimit", "nofile=1000:2000,core=-1", "--ulimit", "nproc=50").Ulimits);
    }

    [Fact]
    public void Parse_SecurityOptions_KeepSeccompAndApparmorAndAcceptLabels()
    {
        var o = Parse("--security-opt", "label=disable", "--security-opt", "label=foo:bar", "--security-opt", "seccomp=unconfined", "--security-opt", "apparmor=unconfined");

        Assert.Equal("unconfined", o.SeccompProfile);
        Assert.Equal("unconfined", o.ApparmorProfile);
        Assert.Null(Parse("--security-opt", "label=disable").SeccompProfile);
    }

    [Fact]
    public void Parse_Namespaces_HostPrivateOrAPath()
    {
        var o = Parse("--pid", "host", "--ipc", "ns:/proc/self/ns/ipc", "--uts", "private", "--cgroupns", "/proc/self/ns/cgroup");

        Assert.Equal(NamespaceChoice.Host, o.Pid);
        Assert.Equal(new NamespaceChoice(NamespaceKind.Path, "/proc/self/ns/ipc"), o.Ipc);
        Assert.Equal(NamespaceChoice.Private, o.Uts);
        Assert.Equal(new NamespaceChoice(NamespaceKind.Path, "/proc/self/ns/cgroup"), o.Cgroup);
        Assert.Equal(NamespaceChoice.Private, Parse("--ipc", "container").Ipc);
        Assert.Null(Parse().Pid);
    }

    [Fact]
    public void Parse_CapsDevicesAndRuntimeFlags()
    {
        var o = Parse("--cap-add", "sys_admin,ALL", "--cap-drop", "CAP_CHOWN", "--device", "/dev/zero:/dev/myzero:r", "--runtime-flag", "debug", "--runtime-flag", "log-format=json");

        Assert.Equal(["sys_admin", "ALL"], o.CapAdd);
        Assert.Equal(["CAP_CHOWN"], o.CapDrop);
        var device = Assert.Single(o.Devices);
        Assert.Equal(("/dev/myzero", "c", 1L, 5L, "r"), (device.Node.Path, device.Node.Type, device.Node.Major!.Value, device.Node.Minor!.Value, device.Access));
        Assert.Equal(["--debug", "--log-format=json"], o.RuntimeFlags);
    }
}

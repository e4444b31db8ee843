using Berth.Oci;
using Berth.Runtime.Spec;
using Berth.Runtime.Spec.Seccomp;

namespace Berth.Build.Builders;

/// <summary>How one namespace of a RUN container is chosen (buildah's <c>--ipc</c>, <c>--pid</c>, <c>--uts</c>, <c>--cgroupns</c>).</summary>
public enum NamespaceKind
{
    /// <summary>A namespace of its own ("private", "container" or empty).</summary>
    Private,

    /// <summary>The host's.</summary>
    Host,

    /// <summary>An existing namespace joined by path (<c>ns:PATH</c> or a plain path).</summary>
    Path,
}

/// <summary>One namespace choice; <see cref="Path"/> is set for <see cref="NamespaceKind.Path"/>.</summary>
public sealed record NamespaceChoice(NamespaceKind Kind, string? Path = null)
{
    public static NamespaceChoice Private { get; } = new(NamespaceKind.Private);

    public static NamespaceChoice Host { get; } = new(NamespaceKind.Host);
}

/// <summary>
/// What <c>podman build</c>'s resource and security flags set on every RUN container (buildah's CommonBuildOptions and
/// namespace options), already checked by the CLI. Applied in one place, <see cref="Generate"/>, over the host's
/// template (containers.conf's capabilities, rlimits, seccomp profile). A null or empty member keeps the template's value.
/// </summary>
public sealed record RunContainerOptions
{
    public static RunContainerOptions Default { get; } = new();

    /// <summary><c>--cap-add</c>/<c>--cap-drop</c> names as given (normalised and merged by the spec generator).</summary>
    public IReadOnlyList<string> CapAdd { get; init; } = [];

    public IReadOnlyList<string> CapDrop { get; init; } = [];

    /// <summary><c>--security-opt seccomp=</c>: "unconfined" or a profile file read when a RUN starts; null = containers.conf's.</summary>
    public string? SeccompProfile { get; init; }

    /// <summary><c>--security-opt apparmor=</c>: passed to the runtime as it is (runc refuses it where AppArmor is off, as under podman).</summary>
    public string? ApparmorProfile { get; init; }

    /// <summary><c>--memory</c>/<c>--memory-swap</c>; null = none set.</summary>
    public LinuxMemory? Memory { get; init; }

    /// <summary><c>--cpu-period</c>, <c>--cpu-quota</c>, <c>--cpu-shares</c>, <c>--cpuset-cpus</c>/<c>-mems</c>; null = none set.</summary>
    public LinuxCpu? Cpu { get; init; }

    /// <summary><c>--cgroup-parent</c>: buildah makes it the RUN container's own cgroup path (not a parent of one).</summary>
    public string? CgroupParent { get; init; }

    /// <summary><c>--ulimit</c> "name=soft:hard" entries, applied over containers.conf's <c>default_ulimits</c> (buildah appends them).</summary>
    public IReadOnlyList<string> Ulimits { get; init; } = [];

    /// <summary>
    /// A flag value buildah only checks when a RUN container is set up (a bad <c>--ulimit</c>): the message is thrown
    /// there, so it names the step, and a build without RUN never sees it — podman 4.3.1's behaviour.
    /// </summary>
    public string? RunError { get; init; }

    /// <summary><c>--shm-size</c> in bytes; null = the template's 64 MiB.</summary>
    public long? ShmSize { get; init; }

    public NamespaceChoice? Ipc { get; init; }

    public NamespaceChoice? Pid { get; init; }

    public NamespaceChoice? Uts { get; init; }

    public NamespaceChoice? Cgroup { get; init; }

    /// <summary><c>--device</c> nodes, resolved on the host by the CLI.</summary>
    public IReadOnlyList<SpecDevice> Devices { get; init; } = [];

    /// <summary><c>--runtime-flag</c> values with their "--" (<c>debug</c> → <c>--debug</c>), put before the runtime's command.</summary>
    public IReadOnlyList<string> RuntimeFlags { get; init; } = [];

    /// <summary>The RUN container's spec: <paramref name="input"/> with these options, generated, then buildah's cgroup path.</summary>
    public RuntimeSpec Generate(ContainerSpecInput input)
    {
        var spec = SpecGenerator.Generate(Apply(input));
        return CgroupParent is { Length: > 0 } parent && spec.Linux is { } linux
            ? spec with { Linux = linux with { CgroupsPath = parent } }
            : spec;
    }

    /// <summary>The spec input with these options over the template's values.</summary>
    public ContainerSpecInput Apply(ContainerSpecInput input)
    {
        if (RunError is { } error)
        {
            throw BerthException.InvalidArgument(error);
        }

        var result = input with
        {
            CapAdd = [.. input.CapAdd, .. CapAdd],
            CapDrop = [.. input.CapDrop, .. CapDrop],
            ApparmorProfile = ApparmorProfile ?? input.ApparmorProfile,
            Memory = Memory ?? input.Memory,
            Cpu = Cpu ?? input.Cpu,
            Ulimits = Ulimits.Count > 0 ? [.. input.DefaultUlimits, .. input.Ulimits, .. Ulimits] : input.Ulimits,
            ShmSize = ShmSize ?? input.ShmSize,
            Devices = [.. input.Devices, .. Devices],
        };
        result = SeccompProfile switch
        {
            null => result,
            "unconfined" => result with { SeccompProfile = null },
            var path => result with { SeccompProfile = LoadSeccomp(path) },
        };
        result = Ipc?.Kind switch
        {
            NamespaceKind.Host => result with { HostIpc = true },
            NamespaceKind.Path => result with { IpcNamespacePath = Ipc.Path },
            _ => result,
        };
        result = Pid?.Kind switch
        {
            NamespaceKind.Host => result with { HostPid = true },
            NamespaceKind.Path => result with { PidNamespacePath = Pid.Path },
            _ => result,
        };
        result = Uts?.Kind switch
        {
            NamespaceKind.Host => result with { HostUts = true },
            NamespaceKind.Path => result with { UtsNamespacePath = Uts.Path },
            _ => result,
        };
        return Cgroup?.Kind switch
        {
            NamespaceKind.Host => result with { PrivateCgroupNamespace = false, CgroupNamespacePath = null },
            NamespaceKind.Private => result with { PrivateCgroupNamespace = true, CgroupNamespacePath = null },
            NamespaceKind.Path => result with { PrivateCgroupNamespace = true, CgroupNamespacePath = Cgroup.Path },
            _ => result,
        };
    }

    /// <summary>A profile file named by <c>seccomp=</c>; podman's message when it cannot be opened.</summary>
    private static SeccompProfile LoadSeccomp(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw BerthException.InvalidArgument($"opening seccomp profile failed: open {path}: no such file or directory");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw BerthException.InvalidArgument($"opening seccomp profile failed: open {path}: {e.Message}");
        }

        return SeccompResolver.Parse(bytes, path);
    }
}

using Berth.Oci;

namespace Berth.Runtime.Spec;

/// <summary>One step of spec generation: returns the spec with one concern applied (containerd's SpecOpts).</summary>
public delegate RuntimeSpec SpecModifier(RuntimeSpec spec, ContainerSpecInput input);

/// <summary>Builds the runtime spec of a container from podman 4.3's defaults and the input, one modifier at a time.</summary>
public static class SpecGenerator
{
    /// <summary>The modifiers in the order they run; later ones read what earlier ones set (seccomp reads capabilities).</summary>
    public static IReadOnlyList<SpecModifier> Default { get; } =
    [
        ProcessModifiers.WithArgs,
        ProcessModifiers.WithUser,
        ProcessModifiers.WithCwd,
        ProcessModifiers.WithHostname,
        ProcessModifiers.WithEnv,
        CapabilityModifiers.WithCapabilities,
        RlimitModifiers.WithRlimits,
        MountModifiers.WithDefaultMounts,
        MountModifiers.WithContainerFiles,
        MountModifiers.WithUserMounts,
        LinuxModifiers.WithNamespaces,
        LinuxModifiers.WithResources,
        LinuxModifiers.WithDevices,
        LinuxModifiers.WithSysctls,
        LinuxModifiers.WithCgroupsPath,
        LinuxModifiers.WithMaskedPaths,
        SeccompModifiers.WithSeccomp,
        AnnotationModifiers.WithAnnotations,
    ];

    public static RuntimeSpec Generate(ContainerSpecInput input) => Apply(input, Default);

    public static RuntimeSpec Apply(ContainerSpecInput input, IEnumerable<SpecModifier> modifiers)
    {
        var spec = Empty(input);
        foreach (var modify in modifiers)
        {
            spec = modify(spec, input);
        }
        return spec;
    }

    /// <summary>The skeleton: root, a root process in "/", umask 0022 as podman sets.</summary>
    public static RuntimeSpec Empty(ContainerSpecInput input) => new()
    {
        OciVersion = RuntimeSpec.PodmanOciVersion,
        Root = new RuntimeRoot { Path = input.RootfsPath, Readonly = input.ReadOnly ? true : null },
        Process = new RuntimeProcess
        {
            Terminal = input.Terminal ? true : null,
            User = new RuntimeUser { Uid = 0, Gid = 0, Umask = input.Umask is { } umask ? Convert.ToUInt32(umask, 8) : 18 },
            OomScoreAdj = input.OomScoreAdj,
            Cwd = "/",
            NoNewPrivileges = input.NoNewPrivileges ? true : null,
            ApparmorProfile = input.Privileged ? null : input.ApparmorProfile,
        },
        Linux = new RuntimeLinux(),
    };

    internal static RuntimeProcess ProcessOf(RuntimeSpec spec) =>
        spec.Process ?? throw new InvalidOperationException("the spec has no process; start from SpecGenerator.Empty");

    internal static RuntimeLinux LinuxOf(RuntimeSpec spec) => spec.Linux ?? new RuntimeLinux();
}

using Berth.Oci;
using Berth.Runtime.Spec.Seccomp;

namespace Berth.Runtime.Spec;

/// <summary>The seccomp filter, resolved against the capabilities already in the spec (so it runs after them).</summary>
public static class SeccompModifiers
{
    /// <summary>No filter for privileged containers or when no profile is given (unconfined).</summary>
    public static RuntimeSpec WithSeccomp(RuntimeSpec spec, ContainerSpecInput input)
    {
        if (input.Privileged || input.SeccompProfile is not { } profile)
        {
            return spec;
        }
        var bounding = spec.Process?.Capabilities?.Bounding ?? [];
        var seccomp = SeccompResolver.Resolve(profile, input.Architecture, bounding, input.KernelVersion, input.AbsentArchitectures);
        return spec with { Linux = SpecGenerator.LinuxOf(spec) with { Seccomp = seccomp } };
    }
}

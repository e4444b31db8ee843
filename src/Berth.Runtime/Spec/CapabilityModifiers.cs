using Berth.Oci;

namespace Berth.Runtime.Spec;

/// <summary>podman 4.3's capability sets (pkg/specgen/generate/security_linux.go).</summary>
public static class CapabilityModifiers
{
    /// <summary>
    /// Bounding = the merged default list (privileged: the host's whole bounding set), kept to what the host knows.
    /// A root user (podman compares the string: "", "root" or "0") gets it as effective and permitted too; any
    /// other user gets only the <c>--cap-add</c> capabilities, in effective, permitted, inheritable and ambient.
    /// </summary>
    public static RuntimeSpec WithCapabilities(RuntimeSpec spec, ContainerSpecInput input)
    {
        var bounding = input.HostBoundingSet ?? Capabilities.All;
        var caps = input.Privileged
            ? bounding.ToList()
            : Capabilities.Merge(input.DefaultCapabilities, input.CapAdd, input.CapDrop, bounding).Where(bounding.Contains).ToList();
        var user = ProcessModifiers.EffectiveUser(input);
        RuntimeCapabilities set;
        if (user is "" or "root" or "0")
        {
            set = new RuntimeCapabilities { Bounding = NullIfEmpty(caps), Effective = NullIfEmpty(caps), Permitted = NullIfEmpty(caps) };
        }
        else
        {
            var userCaps = NullIfEmpty(Capabilities.Merge([], input.CapAdd, [], bounding).Where(bounding.Contains).ToList());
            set = new RuntimeCapabilities
            {
                Bounding = NullIfEmpty(caps),
                Effective = userCaps,
                Inheritable = userCaps,
                Permitted = userCaps,
                Ambient = userCaps,
            };
        }
        return spec with { Process = SpecGenerator.ProcessOf(spec) with { Capabilities = set } };
    }

    // Go's omitempty leaves empty lists out.
    private static List<string>? NullIfEmpty(List<string> caps) => caps.Count == 0 ? null : caps;
}

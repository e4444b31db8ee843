using Berth.Oci;
using Berth.Runtime.Spec;
using Berth.Storage;
using Berth.Storage.Images;

namespace Berth.Build;

/// <summary>
/// What a build needs from the engine above it, kept narrow (DESIGN.md: Build uses storage, runtime and registry, never
/// the engine): the store, where temporary files and runtime state go, the OCI runtime, images by reference (pulling
/// them under a policy), and this host's facts for a build step's runtime spec.
/// </summary>
public interface IBuildHost
{
    Store Store { get; }

    /// <summary>Temporary files (layer tars, bundles): the engine's tmp dir.</summary>
    string TmpDir { get; }

    /// <summary>The run root: bundles and the runtime's state for build containers live under it.</summary>
    string RunRoot { get; }

    /// <summary>The OCI runtime binary (runc, crun).</summary>
    string RuntimePath { get; }

    /// <summary>
    /// The stored image <paramref name="reference"/> names, pulled first as <paramref name="pullPolicy"/> ("missing",
    /// "always", "never", "newer") says; pull progress goes to <paramref name="progress"/>.
    /// </summary>
    Task<Image> ResolveImageAsync(string reference, string pullPolicy, TextWriter progress, CancellationToken cancellationToken);

    /// <summary>
    /// Pulls a build cache image (<c>--cache-from</c>: <c>repository:&lt;cache key&gt;</c>) with the build's registry
    /// options and no progress output; null when it cannot be had (no such tag, registry unreachable, refused): the
    /// step is then built.
    /// </summary>
    Task<Image?> PullCacheAsync(string reference, CancellationToken cancellationToken);

    /// <summary>
    /// Pushes the stored image <paramref name="imageId"/> to <paramref name="reference"/> (<c>--cache-to</c>) with the
    /// build's registry options and no progress output; a failure throws.
    /// </summary>
    Task PushCacheAsync(string imageId, string reference, CancellationToken cancellationToken);

    /// <summary>A stored image by name or ID without pulling, or null.</summary>
    Image? FindImage(string nameOrId);

    /// <summary>A full image name as stored (<c>t1</c> → <c>localhost/t1:latest</c>).</summary>
    string NormalizeName(string name);

    /// <summary>A spec input carrying this host's facts and containers.conf defaults (capabilities, rlimits clamped to
    /// the host, seccomp profile, cgroup manager) for one build container.</summary>
    ContainerSpecInput SpecTemplate(string id, string rootfs, ImageConfiguration image);

    /// <summary>
    /// Attaches a build container to networks as a container is attached (namespace, leased addresses, netavark setup);
    /// on failure nothing is left behind. The caller disposes the result when the container has exited.
    /// </summary>
    Task<BuildNetworkAttachment> AttachNetworkAsync(BuildNetworkRequest request, CancellationToken cancellationToken);

    /// <summary>containers.conf's values for a build container's hosts and resolv.conf files.</summary>
    BuildNetworkDefaults NetworkDefaults { get; }
}

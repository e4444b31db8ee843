using OciPlatform = Berth.Oci.Platform;
using Berth.Engine.Registries;
using Berth.Oci;

namespace Berth.Engine.Images;

/// <summary>podman's pull policies (<c>--pull</c>, <c>--policy</c>).</summary>
public enum PullPolicy
{
    /// <summary>Pull only when no local image has the name (podman's default).</summary>
    Missing,
    /// <summary>Always contact the registry and pull what changed.</summary>
    Always,
    /// <summary>Never contact a registry: the local image or an error.</summary>
    Never,
    /// <summary>Pull when the registry's manifest differs from the local image's.</summary>
    Newer,
}

public sealed record PullOptions
{
    public PullPolicy Policy { get; init; } = PullPolicy.Always;

    /// <summary>The platform to choose from a manifest list; the host's when null.</summary>
    public OciPlatform? Platform { get; init; }

    public RegistryAccessOptions Access { get; init; } = new();

    /// <summary>A policy.json to use instead of the standard ones (podman's --signature-policy).</summary>
    public string? SignaturePolicy { get; init; }

    /// <summary>Parallel blob downloads (containers.conf image_parallel_copies; 0 = default 6).</summary>
    public int ParallelDownloads { get; init; }

    public static PullPolicy ParsePolicy(string text) => text.ToLowerInvariant() switch
    {
        "missing" or "ifmissing" or "notpresent" => PullPolicy.Missing,
        "always" or "true" => PullPolicy.Always,
        "never" or "false" => PullPolicy.Never,
        "newer" or "ifnewer" => PullPolicy.Newer,
        _ => throw new BerthException(ErrorKind.InvalidArgument, $"unsupported pull policy \"{text}\": use always, missing, never or newer"),
    };
}

/// <summary>
/// Where the progress of long image work (pull, push, copy, load) goes: podman's plain lines on stderr, a live view
/// on a terminal, or nothing with -q. Blob transfers are reported through <see cref="Track"/> and <see cref="BlobDone"/>
/// so a terminal view can draw one live line per blob; the defaults print the plain lines only.
/// </summary>
public interface IPullProgress
{
    void Line(string text);

    /// <summary>Wraps the stream a blob's bytes are read from so that a live view can count them; plain output returns it unchanged.</summary>
    Stream Track(Descriptor blob, Stream content) => content;

    /// <summary>A blob is finished: <paramref name="status"/> is "done" or "skipped: already exists".</summary>
    void BlobDone(Descriptor blob, string status) => Line($"Copying blob {blob.Digest} {status}");

    /// <summary>The image config is stored (after every blob): podman's <c>Copying config sha256:… done</c>.</summary>
    void ConfigDone(Digest config) => Line($"Copying config {config} done");
}

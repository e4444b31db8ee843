using System.Globalization;
using Berth.Oci;

namespace Berth.Runtime.Spec;

/// <summary>The annotations libpod writes into every spec, with the user's on top.</summary>
public static class AnnotationModifiers
{
    public static RuntimeSpec WithAnnotations(RuntimeSpec spec, ContainerSpecInput input)
    {
        var annotations = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["io.container.manager"] = "libpod",
            ["io.kubernetes.cri-o.Created"] = GoTime(input.Created),
            ["io.kubernetes.cri-o.TTY"] = input.Terminal ? "true" : "false",
            ["io.podman.annotations.autoremove"] = Bool(input.AutoRemove),
            ["io.podman.annotations.init"] = Bool(input.Init),
            ["io.podman.annotations.privileged"] = Bool(input.Privileged),
            ["io.podman.annotations.publish-all"] = Bool(input.PublishAll),
            ["org.opencontainers.image.stopSignal"] = Signals.Parse(input.Image?.Config?.StopSignal ?? "").ToString(CultureInfo.InvariantCulture),
        };
        foreach (var (key, value) in input.Annotations)
        {
            annotations[key] = value;
        }
        return spec with { Annotations = annotations };
    }

    private static string Bool(bool value) => value ? "TRUE" : "FALSE";

    /// <summary>Go's RFC3339Nano in UTC: fractional seconds without trailing zeros.</summary>
    internal static string GoTime(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy'-'MM'-'dd'T'HH':'mm':'ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);
}

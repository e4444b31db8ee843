namespace Berth.Network.Ports;

/// <summary>
/// Which network modes publish ports. podman 4.3 makes port mappings and exposed ports only for a network namespace of
/// the container's own (bridge, a network name, slirp4netns, pasta, private); for none, host, container:… and ns:…
/// it keeps neither, and says so when <c>-p</c> was given (pkg/specgen/generate/container.go).
/// </summary>
public static class NetworkModePorts
{
    public const string DiscardedWarning =
        "Port mappings have been discarded as one of the Host, Container, Pod, and None network modes are in use";

    /// <summary>True when the mode has its own network namespace, so published and exposed ports apply.</summary>
    public static bool KeepsPorts(string networkMode) => !(networkMode is "none" or "host"
        || networkMode.StartsWith("container:", StringComparison.Ordinal)
        || networkMode.StartsWith("ns:", StringComparison.Ordinal)
        || networkMode == "pod");

    /// <summary>True when dropping <c>-p</c> mappings is worth <see cref="DiscardedWarning"/> (podman is silent for ns:…).</summary>
    public static bool WarnsWhenDiscarding(string networkMode) => !KeepsPorts(networkMode) && !networkMode.StartsWith("ns:", StringComparison.Ordinal);
}

using Berth.Engine.Containers;
using Berth.Network.Ports;
using Berth.Templates;

namespace Berth.Cli.Output;

/// <summary>A container's published ports in podman 4.3's Go shapes for ps and inspect.</summary>
public static class PortViews
{
    /// <summary>ListContainer.Ports: []types.PortMapping (JSON host_ip, container_port, host_port, range, protocol), nil when none.</summary>
    public static object ListPorts(ContainerConfig config) => config.PortMappings.Count == 0
        ? GoTypedNil.Of("[]types.PortMapping")
        : new GoSlice("[]types.PortMapping", config.PortMappings.Select(p => (object?)new GoStruct(
            "types.PortMapping",
            new("HostIP", "host_ip", p.HostIp),
            new("ContainerPort", "container_port", p.ContainerPort),
            new("HostPort", "host_port", p.HostPort),
            new("Range", "range", p.Range),
            new("Protocol", "protocol", p.Protocol))).ToList());

    /// <summary>ps's PORTS column.</summary>
    public static string PsText(ContainerConfig config) => PortDisplay.PsText(config.PortMappings);

    /// <summary>
    /// inspect's NetworkSettings.Ports (libpod makeInspectPortBindings over the config): "80/tcp" → [{HostIp, HostPort}]
    /// per port of a range, exposed ports without a mapping → null.
    /// </summary>
    public static Dictionary<string, object?> InspectPorts(ContainerConfig config)
    {
        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (key, hostPorts) in PortDisplay.InspectBindings(config.PortMappings, ExposedPortParser.FromConfig(config.ExposedPorts)))
        {
            result[key] = hostPorts is null
                ? GoTypedNil.Of("[]define.InspectHostPort")
                : new GoSlice("[]define.InspectHostPort", hostPorts.Select(h => (object?)new GoStruct(
                    "define.InspectHostPort",
                    new("HostIP", "HostIp", h.HostIp),
                    new("HostPort", "HostPort", h.HostPort))).ToList());
        }

        return result;
    }

    /// <summary>inspect's HostConfig.PortBindings: the same map, but empty unless the container has a network namespace of its own.</summary>
    public static Dictionary<string, object?> PortBindings(ContainerConfig config) =>
        NetworkModePorts.KeepsPorts(config.NetworkMode) ? InspectPorts(config) : new Dictionary<string, object?>(StringComparer.Ordinal);
}

using System.Globalization;
using System.Text;
using Berth.Network.Netavark;

namespace Berth.Network.Ports;

/// <summary>One host side of a port in inspect's Ports and PortBindings maps (podman's define.InspectHostPort).</summary>
public sealed record InspectHostPort(string HostIp, string HostPort);

/// <summary>How podman 4.3 shows published ports: the ps PORTS column and inspect's port maps.</summary>
public static class PortDisplay
{
    /// <summary>
    /// ps's PORTS (cmd/podman/containers/ps.go portsToString): each mapping as
    /// <c>0.0.0.0:8080->80/tcp</c> or, for a range, <c>0.0.0.0:9000-9002->9000-9002/udp</c>, joined with ", ".
    /// </summary>
    public static string PsText(IReadOnlyList<PortMapping> ports)
    {
        var sb = new StringBuilder();
        foreach (var port in ports)
        {
            var hostIp = port.HostIp.Length == 0 ? "0.0.0.0" : port.HostIp;
            foreach (var protocol in port.Protocol.Split(','))
            {
                if (sb.Length > 0)
                {
                    sb.Append(", ");
                }

                if (port.Range > 1)
                {
                    sb.Append(CultureInfo.InvariantCulture,
                        $"{hostIp}:{port.HostPort}-{port.HostPort + port.Range - 1}->{port.ContainerPort}-{port.ContainerPort + port.Range - 1}/{protocol}");
                }
                else
                {
                    sb.Append(CultureInfo.InvariantCulture, $"{hostIp}:{port.HostPort}->{port.ContainerPort}/{protocol}");
                }
            }
        }

        return sb.ToString();
    }

    /// <summary>
    /// inspect's NetworkSettings.Ports and HostConfig.PortBindings (libpod makeInspectPortBindings): "80/tcp" → its host
    /// sides, one key per port of a range; exposed ports nothing publishes map to null. Keys sorted as Go prints a map.
    /// </summary>
    public static SortedDictionary<string, IReadOnlyList<InspectHostPort>?> InspectBindings(IReadOnlyList<PortMapping> ports, IEnumerable<ExposedPort> exposed)
    {
        var bindings = new SortedDictionary<string, IReadOnlyList<InspectHostPort>?>(StringComparer.Ordinal);
        foreach (var port in ports)
        {
            foreach (var protocol in port.Protocol.Split(','))
            {
                for (var i = 0; i < port.Range; i++)
                {
                    var key = string.Create(CultureInfo.InvariantCulture, $"{port.ContainerPort + i}/{protocol}");
                    var hostPorts = bindings.TryGetValue(key, out var list) && list is not null ? [.. list] : new List<InspectHostPort>();
                    hostPorts.Add(new InspectHostPort(port.HostIp, (port.HostPort + i).ToString(CultureInfo.InvariantCulture)));
                    bindings[key] = hostPorts;
                }
            }
        }

        foreach (var e in exposed)
        {
            bindings.TryAdd(e.ToString(), null);
        }

        return bindings;
    }
}

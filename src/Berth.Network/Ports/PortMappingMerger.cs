using Berth.Network.Netavark;

namespace Berth.Network.Ports;

/// <summary>
/// podman 4.3's ParsePortMapping (pkg/specgen/generate/ports.go) without its random picks: the requested mappings are
/// checked, split per protocol, grouped by host IP and protocol, sorted by host port and joined where they continue
/// each other (<c>-p 8080:80 -p 8081:81</c> is one range of 2); overlapping host ranges that map differently are an
/// error. Mappings without a host port are joined where their container ranges overlap and keep host port 0, as do
/// the exposed ports <c>-P</c> publishes that no mapping covers: <see cref="HostPortPicker"/> gives them ports at create.
/// Groups come in the order their host IP first appears, protocols as tcp, udp, sctp (podman walks Go maps).
/// </summary>
public static class PortMappingMerger
{
    private sealed record Pending(ushort HostPort, ushort ContainerPort, ushort Range);

    /// <param name="requested">The <c>-p</c> mappings (protocol may be a comma list; range 0 counts as 1).</param>
    /// <param name="publishExposed">With <c>-P</c>: the exposed ports, each published unless a mapping covers it.</param>
    public static IReadOnlyList<PortMapping> Merge(IReadOnlyList<PortMapping> requested, IReadOnlyList<ExposedPort>? publishExposed = null)
    {
        var groups = new List<(string HostIp, Dictionary<string, List<Pending>> ByProtocol)>();
        foreach (var port in requested)
        {
            var protocols = PortProtocols.Check(port.Protocol, allowSctp: true);
            if (port.HostIp.Length > 0 && !GoIp.TryCanonicalize(port.HostIp, out _))
            {
                throw BerthException.InvalidArgument($"invalid IP address {GoText.Quote(port.HostIp)} in port mapping");
            }

            var range = port.Range == 0 ? (ushort)1 : port.Range;
            if (port.ContainerPort == 0)
            {
                throw BerthException.InvalidArgument("container port number must be non-0");
            }

            if (range - 1 + port.ContainerPort > 65535)
            {
                throw BerthException.InvalidArgument("container port range exceeds maximum allowable port number");
            }

            if (range - 1 + port.HostPort > 65535)
            {
                throw BerthException.InvalidArgument("host port range exceeds maximum allowable port number");
            }

            var group = groups.FindIndex(g => g.HostIp == port.HostIp);
            if (group < 0)
            {
                group = groups.Count;
                groups.Add((port.HostIp, PortProtocols.All.ToDictionary(p => p, _ => new List<Pending>(), StringComparer.Ordinal)));
            }

            foreach (var protocol in protocols)
            {
                groups[group].ByProtocol[protocol].Add(new Pending(port.HostPort, port.ContainerPort, range));
            }
        }

        var result = new List<PortMapping>();
        var usedContainerPorts = PortProtocols.All.ToDictionary(p => p, _ => new bool[65536], StringComparer.Ordinal);
        foreach (var (hostIp, byProtocol) in groups)
        {
            foreach (var protocol in PortProtocols.All)
            {
                MergeGroup(result, usedContainerPorts[protocol], hostIp, protocol, byProtocol[protocol]);
            }
        }

        foreach (var exposed in publishExposed ?? [])
        {
            if (!usedContainerPorts.TryGetValue(exposed.Protocol, out var used) || !used[exposed.Port])
            {
                result.Add(new PortMapping { ContainerPort = exposed.Port, HostPort = 0, Range = 1, Protocol = exposed.Protocol });
            }
        }

        return result;
    }

    private static void MergeGroup(List<PortMapping> result, bool[] usedContainerPorts, string hostIp, string protocol, List<Pending> ports)
    {
        if (ports.Count == 0)
        {
            return;
        }

        // By host port, host port 0 last; equal host ports by container port.
        var sorted = ports.OrderBy(p => p.HostPort == 0 ? 1 : 0).ThenBy(p => p.HostPort).ThenBy(p => p.ContainerPort).ToList();
        PortMapping? previous = null;
        var i = 0;
        for (; i < sorted.Count && sorted[i].HostPort != 0; i++)
        {
            var port = Mapping(hostIp, protocol, sorted[i]);
            previous = JoinHostRanges(result, usedContainerPorts, previous, port);
        }

        if (previous is not null)
        {
            Add(result, usedContainerPorts, previous);
        }

        previous = null;
        for (; i < sorted.Count; i++)
        {
            var port = Mapping(hostIp, protocol, sorted[i]);
            previous = JoinContainerRanges(result, usedContainerPorts, previous, port);
        }

        if (previous is not null)
        {
            Add(result, usedContainerPorts, previous);
        }
    }

    /// <summary>
    /// podman's joinTwoPortsToRangePortIfPossible, in Go's uint16 arithmetic. The previous port's host port is at most
    /// the current one's. Note podman only sees a conflict when the previous range reaches past the current host port,
    /// so <c>-p 8080:80 -p 8080:81</c> passes (as in podman).
    /// </summary>
    private static PortMapping JoinHostRanges(List<PortMapping> result, bool[] usedContainerPorts, PortMapping? previous, PortMapping port)
    {
        if (previous is null)
        {
            return port;
        }

        if (U16(previous.HostPort + previous.Range) >= port.HostPort)
        {
            var portDiff = U16(port.HostPort - previous.HostPort);
            if (portDiff == U16(port.ContainerPort - previous.ContainerPort))
            {
                var newRange = U16(port.Range + portDiff);
                return newRange > previous.Range ? previous with { Range = newRange } : previous;
            }

            if (U16(previous.HostPort + previous.Range - 1) > port.HostPort)
            {
                throw BerthException.InvalidArgument($"conflicting port mappings for host port {port.HostPort} (protocol {port.Protocol})");
            }
        }

        Add(result, usedContainerPorts, previous);
        return port;
    }

    /// <summary>podman's joinTwoContainerPortsToRangePortIfPossible: random-port mappings whose container ranges overlap become one.</summary>
    private static PortMapping JoinContainerRanges(List<PortMapping> result, bool[] usedContainerPorts, PortMapping? previous, PortMapping port)
    {
        if (previous is null)
        {
            return port;
        }

        if (U16(previous.ContainerPort + previous.Range) > port.ContainerPort)
        {
            var newRange = U16(port.ContainerPort - previous.ContainerPort + port.Range);
            return newRange > previous.Range ? previous with { Range = newRange } : previous;
        }

        Add(result, usedContainerPorts, previous);
        return port;
    }

    private static void Add(List<PortMapping> result, bool[] usedContainerPorts, PortMapping port)
    {
        for (var i = 0; i < port.Range; i++)
        {
            usedContainerPorts[U16(port.ContainerPort + i)] = true;
        }

        result.Add(port);
    }

    private static PortMapping Mapping(string hostIp, string protocol, Pending p) => new()
    {
        HostIp = hostIp,
        Protocol = protocol,
        HostPort = p.HostPort,
        ContainerPort = p.ContainerPort,
        Range = p.Range,
    };

    private static ushort U16(int value) => unchecked((ushort)value);
}

using Berth.Network.Netavark;

namespace Berth.Network.Ports;

/// <summary>
/// Gives the mappings without a host port (host port 0: <c>-p 80</c>, <c>-p 127.0.0.1::53</c>, <c>-P</c>) free host
/// ports at create, as podman's getRandomHostPort does: the kernel's choice for port 0 (bound on the mapping's host IP
/// with its protocol, then released), tried up to 15 times, skipping ports this container already maps for that
/// protocol; a range needs that many consecutive free ports. All probe sockets are held until every mapping has its
/// port, then closed.
/// </summary>
public sealed class HostPortPicker(IHostPortProbe probe)
{
    /// <summary>podman's number of tries before "failed to find an open port".</summary>
    public const int Attempts = 15;

    /// <summary>The mappings with every host port 0 replaced by a free port (the others unchanged, same order).</summary>
    public static IReadOnlyList<PortMapping> AssignRandomPorts(IReadOnlyList<PortMapping> mappings)
    {
        if (mappings.All(m => m.HostPort != 0))
        {
            return mappings;
        }

        using var probe = new SocketPortProbe();
        return new HostPortPicker(probe).Assign(mappings);
    }

    public IReadOnlyList<PortMapping> Assign(IReadOnlyList<PortMapping> mappings)
    {
        var used = new Dictionary<string, HashSet<int>>(StringComparer.Ordinal);
        HashSet<int> Used(string protocol) => used.TryGetValue(protocol, out var set) ? set : used[protocol] = [];
        foreach (var m in mappings.Where(m => m.HostPort != 0))
        {
            Used(m.Protocol).UnionWith(Enumerable.Range(m.HostPort, Math.Max(1, (int)m.Range)));
        }

        var result = new List<PortMapping>(mappings.Count);
        foreach (var m in mappings)
        {
            if (m.HostPort != 0)
            {
                result.Add(m);
                continue;
            }

            var range = Math.Max(1, (int)m.Range);
            var start = Pick(m, range, Used(m.Protocol));
            Used(m.Protocol).UnionWith(Enumerable.Range(start, range));
            result.Add(m with { HostPort = (ushort)start });
        }

        return result;
    }

    private int Pick(PortMapping m, int range, HashSet<int> used)
    {
        for (var attempt = 0; attempt < Attempts; attempt++)
        {
            int start = probe.BindAny(m.HostIp, m.Protocol);
            if (start + range > 65535 || used.Contains(start))
            {
                continue;
            }

            var free = true;
            for (var port = start + 1; port < start + range && free; port++)
            {
                free = !used.Contains(port) && probe.TryBind(m.HostIp, m.Protocol, (ushort)port);
            }

            if (free)
            {
                return start;
            }
        }

        var rangeText = range > 1 ? $"with range {range} " : "";
        throw new BerthException(ErrorKind.Unavailable, $"failed to find an open port to expose container port {m.ContainerPort} {rangeText}on the host");
    }
}

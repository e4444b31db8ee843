using System.Globalization;
using System.Text;
using Berth.Engine.Containers;

namespace Berth.Cli.Output;

/// <summary>What <c>port</c> prints (podman 4.3's cmd/podman/containers/port.go).</summary>
public static class PortOutput
{
    /// <summary>
    /// Every mapping as <c>80/tcp -&gt; 0.0.0.0:8080</c> (one line per port of a range and per protocol), or with
    /// <paramref name="wanted"/> the host side of each mapping that covers it (<c>0.0.0.0:8080</c>; one per host IP). With
    /// <paramref name="all"/> each line starts with the short ID and a tab. Returns false when a wanted port has no mapping
    /// in a container that publishes ports (podman's "failed to find published port").
    /// </summary>
    public static bool Write(StringBuilder output, string containerId, IReadOnlyList<PublishedPort> ports, (ushort Port, string Protocol)? wanted, bool all)
    {
        var prefix = all ? containerId[..Math.Min(12, containerId.Length)] + "\t" : "";
        var found = false;
        foreach (var p in ports)
        {
            var hostIp = p.HostIp.Length == 0 ? "0.0.0.0" : p.HostIp;
            var range = Math.Max((ushort)1, p.Range);
            foreach (var protocol in p.Protocol.Split(','))
            {
                if (wanted is not { } w)
                {
                    for (var i = 0; i < range; i++)
                    {
                        output.Append(CultureInfo.InvariantCulture, $"{prefix}{p.ContainerPort + i}/{protocol} -> {hostIp}:{p.HostPort + i}\n");
                    }

                    continue;
                }

                if (protocol == w.Protocol && p.ContainerPort <= w.Port && p.ContainerPort + range > w.Port)
                {
                    output.Append(CultureInfo.InvariantCulture, $"{prefix}{hostIp}:{p.HostPort + (w.Port - p.ContainerPort)}\n");
                    found = true;
                    break;
                }
            }
        }

        return found || wanted is null || ports.Count == 0;
    }

    /// <summary>PORT[/PROTO] as podman parses it (tcp by default; the number with Go's strconv.ParseUint(s, 10, 16) errors).</summary>
    public static (ushort Port, string Protocol) ParsePort(string text)
    {
        var fields = text.Split('/');
        if (fields.Length > 2)
        {
            throw new BerthException(ErrorKind.InvalidArgument, $"port formats are port/protocol. '{text}' is invalid");
        }

        var number = fields[0];
        if (number.Length == 0 || !number.All(char.IsAsciiDigit))
        {
            throw new BerthException(ErrorKind.InvalidArgument, $"strconv.ParseUint: parsing \"{number}\": invalid syntax");
        }

        if (!ushort.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var port))
        {
            throw new BerthException(ErrorKind.InvalidArgument, $"strconv.ParseUint: parsing \"{number}\": value out of range");
        }

        return (port, fields.Length == 2 ? fields[1] : "tcp");
    }
}

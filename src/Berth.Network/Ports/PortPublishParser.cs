using Berth.Network.Netavark;

namespace Berth.Network.Ports;

/// <summary>
/// <c>-p/--publish</c> values as podman 4.3 reads them (pkg/specgenutil CreatePortBindings):
/// <c>[[ip:][hostPort]:]containerPort[/protocol]</c>, ranges as <c>start-end</c> on either side (same length), an IPv6
/// host address in brackets. An empty host port is 0 (a random port is picked at create). The protocol is kept as
/// written (<see cref="PortMappingMerger"/> checks and splits it); none is tcp. Errors carry podman's texts.
/// </summary>
public static class PortPublishParser
{
    public static IReadOnlyList<PortMapping> Parse(IEnumerable<string> values) => [.. values.Select(Parse)];

    public static PortMapping Parse(string value)
    {
        string? protocol = null;
        var splitProto = value.Split('/');
        switch (splitProto.Length)
        {
            case 1:
                break;
            case 2:
                protocol = splitProto[1];
                break;
            default:
                throw Invalid("invalid port format - protocol can only be specified once");
        }

        var remainder = splitProto[0];
        string? hostIp = null;
        var haveV6 = false;
        var splitV6 = remainder.Split(']');
        switch (splitV6.Length)
        {
            case 1:
                break;
            case 2:
                haveV6 = true;
                if (!splitV6[0].StartsWith('['))
                {
                    throw Invalid("invalid port format - IPv6 addresses must be enclosed by []");
                }

                if (!splitV6[1].StartsWith(':'))
                {
                    throw Invalid("invalid port format - IPv6 address must be followed by a colon (':')");
                }

                hostIp = splitV6[0][1..];
                remainder = splitV6[1][1..];
                break;
            default:
                throw Invalid("invalid port format - at most one IPv6 address can be specified in a --publish");
        }

        string? hostPort = null;
        string containerPort;
        var splitPort = remainder.Split(':');
        switch (splitPort.Length)
        {
            case 1 when haveV6:
                throw Invalid("invalid port format - must provide host and destination port if specifying an IP");
            case 1:
                containerPort = splitPort[0];
                break;
            case 2:
                hostPort = splitPort[0];
                containerPort = splitPort[1];
                break;
            case 3 when haveV6:
                throw Invalid("invalid port format - when v6 address specified, must be [ipv6]:hostPort:ctrPort");
            case 3:
                hostIp = splitPort[0];
                hostPort = splitPort[1];
                containerPort = splitPort[2];
                break;
            default:
                throw Invalid("invalid port format - format is [[hostIP:]hostPort:]containerPort");
        }

        return ParseSplit(hostIp, hostPort, containerPort, protocol);
    }

    /// <summary>podman's parseSplitPort.</summary>
    private static PortMapping ParseSplit(string? hostIp, string? hostPort, string containerPort, string? protocol)
    {
        if (containerPort.Length == 0)
        {
            throw Invalid("must provide a non-empty container port to publish");
        }

        var (ctrStart, ctrLength) = ParseRange(containerPort, "parsing container port: ");
        if (protocol is { Length: 0 })
        {
            throw Invalid("must provide a non-empty protocol to publish");
        }

        var ip = "";
        if (hostIp is not null)
        {
            if (hostIp.Length == 0)
            {
                throw Invalid("must provide a non-empty container host IP to publish");
            }

            // podman leaves 0.0.0.0 unset: CNI treated it and "" differently, Docker does not.
            if (hostIp != "0.0.0.0")
            {
                ip = GoIp.TryCanonicalize(hostIp, out var canonical)
                    ? canonical
                    : throw Invalid($"cannot parse {GoText.Quote(hostIp)} as an IP address");
            }
        }

        ushort hostStart = 0;
        if (hostPort is { Length: > 0 })
        {
            (hostStart, var hostLength) = ParseRange(hostPort, "parsing host port: ");
            if (hostLength != ctrLength)
            {
                throw Invalid($"host and container port ranges have different lengths: {hostLength} vs {ctrLength}");
            }
        }

        return new PortMapping
        {
            HostIp = ip,
            ContainerPort = ctrStart,
            HostPort = hostStart,
            Range = ctrLength,
            Protocol = protocol ?? PortProtocols.Tcp,
        };
    }

    /// <summary>podman's parseAndValidateRange: <c>start[-end]</c> → start and length (end must be above start).</summary>
    internal static (ushort Start, ushort Length) ParseRange(string text, string context)
    {
        var split = text.Split('-');
        if (split.Length > 2)
        {
            throw Invalid(context + "invalid port format - port ranges are formatted as startPort-stopPort");
        }

        if (split[0].Length == 0)
        {
            throw Invalid(context + "port numbers cannot be negative");
        }

        var start = ParsePort(split[0], context);
        if (split.Length == 1)
        {
            return (start, 1);
        }

        if (split[1].Length == 0)
        {
            throw Invalid(context + "must provide ending number for port range");
        }

        var end = ParsePort(split[1], context);
        if (end <= start)
        {
            throw Invalid($"{context}the end port of a range must be higher than the start port - {end} is not higher than {start}");
        }

        return (start, (ushort)(end - start + 1));
    }

    /// <summary>podman's parseAndValidatePort: strconv.Atoi, then 1-65535.</summary>
    private static ushort ParsePort(string text, string context)
    {
        if (!GoText.TryAtoi(text, out var number, out var error))
        {
            throw Invalid($"{context}invalid port number: {error}");
        }

        return number is < 1 or > 65535
            ? throw Invalid($"{context}port numbers must be between 1 and 65535 (inclusive), got {number}")
            : (ushort)number;
    }

    private static BerthException Invalid(string message) => BerthException.InvalidArgument(message);
}

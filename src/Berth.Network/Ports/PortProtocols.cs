namespace Berth.Network.Ports;

/// <summary>The protocols a port can be published or exposed with (podman's checkProtocol).</summary>
public static class PortProtocols
{
    public const string Tcp = "tcp";
    public const string Udp = "udp";
    public const string Sctp = "sctp";

    /// <summary>tcp, udp, sctp: the order Berth keeps mappings in (podman walks a Go map, so its order is random).</summary>
    public static readonly IReadOnlyList<string> All = [Tcp, Udp, Sctp];

    /// <summary>
    /// A comma list of protocols, lower-cased and without duplicates, in tcp/udp/sctp order; an empty name is tcp.
    /// Exposed ports cannot be sctp.
    /// </summary>
    public static IReadOnlyList<string> Check(string protocol, bool allowSctp)
    {
        var found = new HashSet<string>(StringComparer.Ordinal);
        foreach (var part in protocol.Split(','))
        {
            var p = part.ToLowerInvariant();
            switch (p)
            {
                case Tcp or "":
                    found.Add(Tcp);
                    break;
                case Udp:
                    found.Add(Udp);
                    break;
                case Sctp when allowSctp:
                    found.Add(Sctp);
                    break;
                case Sctp:
                    throw BerthException.InvalidArgument("protocol SCTP is not allowed for exposed ports");
                default:
                    throw BerthException.InvalidArgument($"unrecognized protocol {GoText.Quote(p)} in port mapping");
            }
        }

        return [.. All.Where(found.Contains)];
    }
}

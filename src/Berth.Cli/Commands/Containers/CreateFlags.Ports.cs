using Berth.Network.Netavark;
using Berth.Network.Ports;

namespace Berth.Cli.Commands;

public sealed partial record CreateFlags
{
    /// <summary>
    /// The container's port mappings and exposed ports, as podman's createPortMappings makes them at create: the
    /// image's EXPOSE joined with <c>--expose</c>, the <c>-p</c> mappings merged, and with <c>-P</c> every exposed port
    /// no mapping covers. Host port 0 stays 0 (the engine picks free ports at create). With <c>--network</c>
    /// none/host/container:/ns: podman keeps neither and warns about <c>-p</c>.
    /// </summary>
    public (IReadOnlyList<PortMapping> Mappings, IReadOnlyList<string> Exposed) ResolvePorts(IEnumerable<string>? imageExposed, TextWriter warnings)
    {
        if (Networks.Count > 0 && !NetworkModePorts.KeepsPorts(Networks[0]))
        {
            if (PortMappings.Count > 0 && NetworkModePorts.WarnsWhenDiscarding(Networks[0]))
            {
                warnings.WriteLine(NetworkModePorts.DiscardedWarning);
            }

            return ([], []);
        }

        var exposed = ExposedPortParser.Combine(imageExposed, Expose);
        var mappings = PortMappingMerger.Merge(PortMappings, PublishAll ? exposed : null);
        return (mappings, [.. exposed.Select(e => e.ToString())]);
    }
}

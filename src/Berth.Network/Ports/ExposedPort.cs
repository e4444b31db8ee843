using System.Globalization;

namespace Berth.Network.Ports;

/// <summary>A port a container exposes (the image's EXPOSE or <c>--expose</c>), kept in the container config as "80/tcp".</summary>
public readonly record struct ExposedPort(ushort Port, string Protocol)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Port}/{Protocol}");

    /// <summary>Reads a stored "80/tcp" (a bare "80" is tcp); null when it is not one.</summary>
    public static ExposedPort? TryParse(string text)
    {
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        var number = slash < 0 ? text : text[..slash];
        var protocol = slash < 0 ? PortProtocols.Tcp : text[(slash + 1)..];
        return GoText.TryParseUint16(number, out var port, out _) && port > 0 && protocol.Length > 0
            ? new ExposedPort(port, protocol)
            : null;
    }
}

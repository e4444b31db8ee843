using OciPlatform = Berth.Oci.Platform;
using Berth.Cli.CommandLine;
using Berth.Engine.Images;
using Berth.Engine.Transports;

namespace Berth.Cli.Commands.Skopeo;

/// <summary>Helpers shared by the skopeo commands.</summary>
internal static class SkopeoActions
{
    /// <summary>A transport:reference argument; skopeo prefixes parse errors with what the argument was.</summary>
    public static ImageLocation ParseLocation(string text, string what)
    {
        try
        {
            return ImageLocation.Parse(text);
        }
        catch (BerthException e)
        {
            throw new BerthException(e.Kind, $"{what} {text}: {e.Message}", e);
        }
    }

    /// <summary>The global --override-os/--override-arch/--override-variant, or null for the host's platform.</summary>
    public static OciPlatform? Platform(ParsedOptions o)
    {
        string? Get(string name) => o.Changed(name) ? o.GetString(name) : null;
        return PlatformChooser.FromFlags(null, Get("override-os"), Get("override-arch"), Get("override-variant"));
    }
}

using OciPlatform = Berth.Oci.Platform;
using Berth.Oci;

namespace Berth.Engine.Images;

/// <summary>Picks the manifest for a platform from an index, as containers/image does (variant defaults for arm).</summary>
public static class PlatformChooser
{
    public static Descriptor Choose(ImageIndex index, OciPlatform wanted, ImageReference reference) =>
        Choose(index, wanted, $"docker://{reference}");

    /// <param name="where">The index's location for the message (<c>docker://…</c>, <c>oci:…</c>).</param>
    public static Descriptor Choose(ImageIndex index, OciPlatform wanted, string where)
    {
        var candidates = index.Manifests.Where(m => m.Platform is { } p && p.OS == wanted.OS && p.Architecture == wanted.Architecture).ToList();
        var variant = wanted.Variant ?? DefaultVariant(wanted.Architecture);
        var exact = candidates.FirstOrDefault(m => (m.Platform!.Variant ?? DefaultVariant(m.Platform.Architecture)) == variant);
        var chosen = exact ?? (wanted.Variant is null ? candidates.FirstOrDefault() : null);
        return chosen ?? throw new BerthException(ErrorKind.NotFound,
            $"choosing an image from manifest list {where}: no image found in manifest list for architecture \"{wanted.Architecture}\", variant \"{wanted.Variant ?? ""}\", OS \"{wanted.OS}\"");
    }

    private static string? DefaultVariant(string architecture) => architecture switch
    {
        "arm64" => "v8",
        "arm" => "v7",
        _ => null,
    };

    /// <summary>Parses podman's --platform (os/arch[/variant]) and the --os/--arch/--variant overrides.</summary>
    public static OciPlatform? FromFlags(string? platform, string? os, string? arch, string? variant)
    {
        if (!string.IsNullOrEmpty(platform))
        {
            if (os is not null || arch is not null)
            {
                throw new BerthException(ErrorKind.InvalidArgument, "--platform option can not be specified with --arch or --os");
            }

            var parts = platform.Split('/');
            return parts.Length is 2 or 3
                ? new OciPlatform(parts[0], parts[1], parts.Length == 3 ? parts[2] : null)
                : throw new BerthException(ErrorKind.InvalidArgument, $"invalid platform syntax for --platform=\"{platform}\": use os/arch[/variant]");
        }

        if (os is null && arch is null && variant is null)
        {
            return null;
        }

        return new OciPlatform(os ?? OciPlatform.Host.OS, arch ?? OciPlatform.Host.Architecture, variant);
    }
}

using Berth.Engine.Images;
using Berth.Engine.Transports;
using Berth.Oci;
using OciPlatform = Berth.Oci.Platform;

namespace Berth.Engine.Manifests;

public sealed partial class ManifestListService
{
    /// <summary>
    /// The entries an image reference adds, each with the reference push will copy it from. A name without a
    /// transport is a local image when the store has one by that name, else a registry image (podman 4.3.1 always reads
    /// it from the registry, later podman looks locally first); <c>transport:…</c> names are read from there. An image
    /// gives its manifest's descriptor with the platform from its config; a list gives the host platform's instance,
    /// or with --all every instance as the list describes it.
    /// </summary>
    private async Task<IReadOnlyList<(Descriptor Entry, string Source)>> ResolveAsync(string reference, ManifestAddOptions options, CancellationToken cancellationToken)
    {
        ImageLocation location;
        if (ImageLocation.HasTransport(reference))
        {
            location = ImageLocation.Parse(reference);
        }
        else if (images.TryFind(reference) is { } local && !MediaTypes.IsIndex(local.ManifestMediaType))
        {
            location = new ImageLocation { Transport = TransportKind.ContainersStorage, Reference = local.Id };
        }
        else
        {
            location = RemoteLocation(reference);
        }

        try
        {
            using var transports = new TransportFactory(images, options.Access, options.Access);
            await using var source = await transports.OpenSourceAsync(location, cancellationToken).ConfigureAwait(false);
            var top = await source.GetManifestAsync(null, cancellationToken).ConfigureAwait(false);
            var origin = location.ToString();
            if (top.IsIndex)
            {
                var index = ImageDocuments.ParseIndex(top.Bytes, $"manifest list of {location}");
                if (options.All)
                {
                    return [.. index.Manifests.Select(m => (ManifestListDocument.Apply(m, options.Overrides), origin))];
                }

                var chosen = PlatformChooser.Choose(index, OciPlatform.Host, origin);
                top = await source.GetManifestAsync(chosen.Digest, cancellationToken).ConfigureAwait(false);
            }

            var manifest = ImageDocuments.ParseManifest(top.Bytes, $"manifest of {location}");
            var config = ImageDocuments.ParseConfig(await source.ReadAllAsync(manifest.Config, cancellationToken).ConfigureAwait(false), $"image config of {location}");
            var entry = new Descriptor
            {
                MediaType = top.MediaType,
                Digest = top.Digest,
                Size = top.Bytes.LongLength,
                Platform = new DescriptorPlatform
                {
                    Architecture = config.Architecture,
                    OS = config.OS,
                    OSVersion = string.IsNullOrEmpty(config.OSVersion) ? null : config.OSVersion,
                    OSFeatures = config.OSFeatures is { Count: > 0 } features ? features : null,
                    Variant = string.IsNullOrEmpty(config.Variant) ? null : config.Variant,
                },
            };
            return [(ManifestListDocument.Apply(entry, options.Overrides), origin)];
        }
        catch (BerthException e)
        {
            throw new BerthException(e.Kind, $"setting up to read manifest and configuration from \"{location}\": {e.Message}", e);
        }
    }
}

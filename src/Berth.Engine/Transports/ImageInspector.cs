using OciPlatform = Berth.Oci.Platform;
using Berth.Engine.Images;
using Berth.Oci;

namespace Berth.Engine.Transports;

/// <summary>What skopeo inspect shows: the top-level manifest, the platform's image manifest and config, and the repository's tags.</summary>
public sealed record InspectedImage(RawManifest Top, RawManifest Manifest, ImageManifest Parsed, byte[] ConfigBytes, ImageConfiguration Config, IReadOnlyList<string> RepoTags);

/// <summary>Reads an image's metadata from any transport without pulling its layers (skopeo inspect, list-tags, delete).</summary>
public sealed class ImageInspector(TransportFactory transports)
{
    public async Task<RawManifest> RawAsync(ImageLocation location, CancellationToken cancellationToken)
    {
        await using var source = await transports.OpenSourceAsync(location, cancellationToken).ConfigureAwait(false);
        return await source.GetManifestAsync(null, cancellationToken).ConfigureAwait(false);
    }

    public async Task<InspectedImage> InspectAsync(ImageLocation location, OciPlatform? platform, bool withTags, CancellationToken cancellationToken)
    {
        await using var source = await transports.OpenSourceAsync(location, cancellationToken).ConfigureAwait(false);
        var top = await source.GetManifestAsync(null, cancellationToken).ConfigureAwait(false);
        var manifest = top;
        if (top.IsIndex)
        {
            var index = ImageDocuments.ParseIndex(top.Bytes, $"manifest list of {location}");
            var chosen = PlatformChooser.Choose(index, platform ?? OciPlatform.Host, location.ToString());
            manifest = await source.GetManifestAsync(chosen.Digest, cancellationToken).ConfigureAwait(false);
        }

        var parsed = ImageDocuments.ParseManifest(manifest.Bytes, $"manifest of {location}");
        var configBytes = await source.ReadAllAsync(parsed.Config, cancellationToken).ConfigureAwait(false);

        var config = ImageDocuments.ParseConfig(configBytes, $"image config of {location}");
        var tags = withTags && location.Transport == TransportKind.Docker
            ? await ListTagsAsync(location, cancellationToken).ConfigureAwait(false)
            : [];
        return new InspectedImage(top, manifest, parsed, configBytes, config, tags);
    }

    /// <summary>The tags of a docker:// repository, or the names in a docker-archive.</summary>
    public async Task<IReadOnlyList<string>> ListTagsAsync(ImageLocation location, CancellationToken cancellationToken)
    {
        switch (location.Transport)
        {
            case TransportKind.Docker:
                var source = transports.Access.Endpoints.ResolvePull(location.Docker!, transports.SourceAccess.TlsVerify)[^1];
                return await transports.SourceClients.GetClient(source.Endpoint).ListTagsAsync(source.Repository, null, cancellationToken).ConfigureAwait(false);
            case TransportKind.DockerArchive:
                using (var reader = await Archive.DockerArchiveReader.OpenAsync(location.Path!, null, cancellationToken).ConfigureAwait(false))
                {
                    return reader.Items.SelectMany(i => i.RepoTags ?? []).ToList();
                }

            default:
                throw new BerthException(ErrorKind.InvalidArgument,
                    $"Unsupported transport '{ImageLocation.NameOf(location.Transport)}' for tag listing. Only supported: docker, docker-archive");
        }
    }

    /// <summary>skopeo delete: the manifest the tag names is deleted from the registry (which must allow deletes).</summary>
    public async Task DeleteAsync(ImageLocation location, CancellationToken cancellationToken)
    {
        if (location.Transport != TransportKind.Docker)
        {
            throw new BerthException(ErrorKind.InvalidArgument, $"deleting {location}: only docker:// images can be deleted");
        }

        var target = transports.Access.Endpoints.ResolvePush(location.Docker!, transports.DestinationAccess.TlsVerify);
        var client = transports.DestinationClients.GetClient(target.Endpoint);
        var digest = location.Docker!.Digest ?? (await client.HeadManifestAsync(target.Repository, target.TagOrDigest, null, cancellationToken).ConfigureAwait(false))?.Digest
            ?? (await client.GetManifestAsync(target.Repository, target.TagOrDigest, null, cancellationToken).ConfigureAwait(false)).Digest;
        await client.DeleteManifestAsync(target.Repository, digest, cancellationToken).ConfigureAwait(false);
    }
}

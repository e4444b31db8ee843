using Berth.Config;
using Berth.Engine.Transports;
using Berth.Oci;

namespace Berth.Engine.Images;

/// <summary>
/// podman pull from a transport other than a registry (oci:, oci-archive:, docker-archive:, dir:): the image is copied
/// into the store through the copier and named as libimage names it — the reference the location gives, else the
/// archive's own names, else <c>localhost/&lt;path&gt;</c> for oci:/dir:, else no name.
/// </summary>
public sealed class TransportPuller(ImageService images)
{
    public async Task<LocalImage> PullAsync(ImageLocation location, PullOptions options, IPullProgress progress, CancellationToken cancellationToken)
    {
        if (location.Transport == TransportKind.ContainersStorage)
        {
            return images.Find(location.Reference!);
        }

        var policy = PolicyConfigLoader.Load(images.Engine.Environment, options.SignaturePolicy);
        TrustPolicy.CheckSource(policy, location);
        using var transports = new TransportFactory(images, options.Access, options.Access);
        await using var source = await transports.OpenSourceAsync(location, cancellationToken).ConfigureAwait(false);
        var names = await NamesAsync(location, source, cancellationToken).ConfigureAwait(false);
        var copyOptions = new CopyOptions
        {
            Platform = options.Platform,
            Parallel = options.ParallelDownloads,
            TemporaryDirectory = images.Engine.Settings.TmpDir,
        };
        var destination = new StoreDestination(location, images, names, []);
        await using (destination.ConfigureAwait(false))
        {
            await new ImageCopier(copyOptions, progress).CopyAsync(source, destination, cancellationToken).ConfigureAwait(false);
            return destination.Image;
        }
    }

    private static async Task<IReadOnlyList<string>> NamesAsync(ImageLocation location, IImageSource source, CancellationToken cancellationToken)
    {
        switch (location.Transport)
        {
            case TransportKind.DockerArchive:
                if (location.Docker is { } named)
                {
                    return [TransportFactory.ArchiveName(named)];
                }

                return ((DockerArchiveSource)source).RepoTags.Select(t => TransportFactory.ArchiveName(ImageReference.Parse(t))).ToList();
            case TransportKind.Oci:
            case TransportKind.OciArchive:
                if (location.Reference is { } reference)
                {
                    return [LocalName(reference, location)];
                }

                if (location.Transport == TransportKind.OciArchive)
                {
                    var refName = await ((OciLayoutSource)source).RefNameAsync(cancellationToken).ConfigureAwait(false);
                    return refName is null ? [] : [LocalName(refName, location)];
                }

                return [LocalName("localhost/" + location.Path!.TrimStart('/'), location)];
            default:
                return [LocalName("localhost/" + location.Path!.TrimStart('/'), location)];
        }
    }

    private static string LocalName(string name, ImageLocation location) =>
        ImageReference.TryParse(name, out _, out var error)
            ? ImageService.NormalizeTargetName(name)
            : throw new BerthException(ErrorKind.InvalidArgument, $"{location}: \"{name}\" cannot name an image in the store ({error}): give the location a reference, e.g. {ImageLocation.NameOf(location.Transport)}:{location.Path}:name:tag");
}

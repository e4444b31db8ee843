using Berth.Archive;
using Berth.Engine.Images;
using Berth.Engine.Registries;
using Berth.Registry;

namespace Berth.Engine.Transports;

/// <summary>How a destination is opened, beyond its location.</summary>
public sealed record DestinationSettings
{
    /// <summary>Names written into a docker-archive (its RepoTags).</summary>
    public IReadOnlyList<string> ArchiveNames { get; init; } = [];

    /// <summary>Layer compression for dir: (podman push --compress, skopeo --dest-compress); preserved by default.</summary>
    public LayerCompressionPolicy DirCompression { get; init; } = LayerCompressionPolicy.Preserve;

    /// <summary>Names and digest names for an image stored locally (containers-storage: destination).</summary>
    public IReadOnlyList<string> StoreNames { get; init; } = [];
}

/// <summary>Opens sources and destinations of every transport for one command (one registry client pool per side).</summary>
public sealed class TransportFactory(ImageService images, RegistryAccessOptions sourceAccess, RegistryAccessOptions destinationAccess) : IDisposable
{
    private readonly RegistryAccess _access = new(images.Engine);
    private RegistryClientFactory? _sourceClients;
    private RegistryClientFactory? _destinationClients;

    private string TemporaryDirectory => images.Engine.Settings.TmpDir;

    public RegistryAccess Access => _access;

    public RegistryAccessOptions SourceAccess => sourceAccess;

    public RegistryAccessOptions DestinationAccess => destinationAccess;

    public RegistryClientFactory SourceClients => _sourceClients ??= _access.CreateFactory(sourceAccess);

    public RegistryClientFactory DestinationClients => _destinationClients ??= _access.CreateFactory(destinationAccess);

    public async Task<IImageSource> OpenSourceAsync(ImageLocation location, CancellationToken cancellationToken)
    {
        switch (location.Transport)
        {
            case TransportKind.Docker:
                return new RegistryImageSource(location, _access.Endpoints.ResolvePull(location.Docker!, sourceAccess.TlsVerify), SourceClients);
            case TransportKind.Oci:
                return new OciLayoutSource(location, await OciLayoutDirectory.OpenAsync(location.Path!, cancellationToken).ConfigureAwait(false));
            case TransportKind.OciArchive:
                RequireFile(location);
                Directory.CreateDirectory(TemporaryDirectory);
                return new OciLayoutSource(location, await OciArchiveReader.OpenAsync(location.Path!, TemporaryDirectory, cancellationToken).ConfigureAwait(false));
            case TransportKind.DockerArchive:
                Directory.CreateDirectory(TemporaryDirectory);
                return await DockerArchiveSource.OpenAsync(location, TemporaryDirectory, cancellationToken).ConfigureAwait(false);
            case TransportKind.Dir:
                return Directory.Exists(location.Path)
                    ? new DirSource(location)
                    : throw new BerthException(ErrorKind.NotFound, $"{location}: directory {location.Path} does not exist");
            default:
                return new StoreSource(location, images, images.Find(location.Reference!));
        }
    }

    public async Task<IImageDestination> OpenDestinationAsync(ImageLocation location, DestinationSettings settings, CancellationToken cancellationToken)
    {
        switch (location.Transport)
        {
            case TransportKind.Docker:
                var target = _access.Endpoints.ResolvePush(location.Docker!, destinationAccess.TlsVerify);
                return new RegistryImageDestination(location, target, DestinationClients.GetClient(target.Endpoint));
            case TransportKind.Oci:
                return new OciLayoutDestination(location, await OciLayoutDirectory.CreateAsync(location.Path!, cancellationToken).ConfigureAwait(false));
            case TransportKind.OciArchive:
                return new OciArchiveDestination(location);
            case TransportKind.DockerArchive:
                return new DockerArchiveDestination(location, location.Docker is { } named ? [ArchiveName(named)] : settings.ArchiveNames, TemporaryDirectory);
            case TransportKind.Dir:
                return new DirDestination(location, settings.DirCompression);
            default:
                var names = settings.StoreNames.Count > 0 ? settings.StoreNames : [ImageService.NormalizeTargetName(location.Reference!)];
                return new StoreDestination(location, images, names, []);
        }
    }

    /// <summary>A name as docker-archive records it: fully qualified with a tag.</summary>
    public static string ArchiveName(Oci.ImageReference reference) =>
        (reference.IsShortName ? reference.OnRegistry(Oci.ImageReference.DockerHub) : reference).WithDefaultTag().ToString();

    public void Dispose()
    {
        _sourceClients?.Dispose();
        _destinationClients?.Dispose();
    }

    private static void RequireFile(ImageLocation location)
    {
        if (!File.Exists(location.Path))
        {
            throw new BerthException(ErrorKind.NotFound, $"{location}: open {location.Path}: no such file or directory");
        }
    }
}

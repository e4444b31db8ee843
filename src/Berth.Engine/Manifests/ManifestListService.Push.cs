using Berth.Engine.Images;
using Berth.Engine.Transports;
using Berth.Oci;

namespace Berth.Engine.Manifests;

public sealed partial class ManifestListService
{
    /// <summary>
    /// manifest push: with --all every listed image (from wherever it was added from; local images with their original
    /// blobs) and then the index, through the one copy routine (<see cref="ImageCopier"/>), which rewrites the index when
    /// an image's manifest had to be converted (--format). Returns the pushed index's digest (--digestfile).
    /// </summary>
    public async Task<Digest> PushAsync(string listName, string destination, ManifestPushOptions options, IPullProgress progress, CancellationToken cancellationToken)
    {
        ManifestList list;
        try
        {
            list = Find(listName);
        }
        catch (BerthException e)
        {
            throw new BerthException(e.Kind, $"retrieving local image from image name {listName}: {e.Message}", e);
        }

        var format = CopyOptions.ParseManifestType(options.Format);
        var pushed = ManifestListDocument.ForPush(list.Index, format);
        var bytes = ManifestListDocument.Serialize(pushed);
        var top = new RawManifest(bytes, pushed.MediaType!, Digest.Compute(bytes));
        var conf = images.Engine.ContainersConf.Engine;
        var copyOptions = new CopyOptions
        {
            ManifestType = format,
            CompressionFormat = CopyOptions.ParseCompression(options.CompressionFormat),
            CompressWith = CopyOptions.ParseCompression(conf.CompressionFormat) ?? LayerCompression.Gzip,
            CompressionLevel = conf.CompressionLevel,
            Parallel = (int)conf.ImageParallelCopies,
            Selection = options.All ? ImageListSelection.All : ImageListSelection.IndexOnly,
            TemporaryDirectory = images.Engine.Settings.TmpDir,
        };
        using var transports = new TransportFactory(images, options.Access, options.Access);
        var listLocation = new ImageLocation { Transport = TransportKind.ContainersStorage, Reference = list.Id };
        await using var from = new ManifestListSource(listLocation, images, top, list.Sources, transports);
        await using var to = await transports.OpenDestinationAsync(ImageLocation.ParseOrDocker(destination), new DestinationSettings(), cancellationToken).ConfigureAwait(false);
        if (!to.Traits.SupportsIndex)
        {
            throw new BerthException(ErrorKind.InvalidArgument, $"{to.Location}: the destination holds one image, not a manifest list: push to a registry or an oci: layout");
        }

        var result = await new ImageCopier(copyOptions, progress).CopyAsync(from, to, cancellationToken).ConfigureAwait(false);
        if (options.RemoveList)
        {
            await DeleteAsync(list.Image, cancellationToken).ConfigureAwait(false);
        }

        return result.Manifest.Digest;
    }
}

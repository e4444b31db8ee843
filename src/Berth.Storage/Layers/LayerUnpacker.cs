using Berth.Archive;
using Berth.Oci;

namespace Berth.Storage.Layers;

/// <summary>Creates an image's layers in the layer store from blobs in the content store, checking every diff ID.</summary>
public static class LayerUnpacker
{
    /// <summary>Unpacks layer <paramref name="index"/> (its blob must be in the content store) on top of <paramref name="parent"/>.</summary>
    public static async Task<Digest> UnpackAsync(Store store, Descriptor layer, Digest diffId, Digest? parent, string imageName, CancellationToken cancellationToken)
    {
        var chainId = ChainId.Compute(parent, diffId);
        await store.Layers.CreateAsync(chainId, parent, diffId, async (dir, format, token) =>
        {
            await using var blob = store.Content.OpenRead(layer.Digest);
            var result = await LayerApplier.ApplyAsync(blob, MediaTypes.CompressionOf(layer.MediaType), dir, new LayerApplyOptions
            {
                Whiteouts = format == LayerWhiteoutFormat.OverlayFs ? WhiteoutFormat.Overlay : WhiteoutFormat.Vfs,
            }, token).ConfigureAwait(false);
            return result.DiffId == diffId
                ? result.UncompressedSize
                : throw new BerthException(ErrorKind.InvalidArgument,
                    $"layer {layer.Digest} of {imageName}: its content has diff ID {result.DiffId} but the image config says {diffId}: refusing a corrupt image");
        }, cancellationToken).ConfigureAwait(false);
        return chainId;
    }
}

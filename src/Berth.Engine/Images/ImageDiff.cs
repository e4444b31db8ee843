using Berth.Oci;
using Berth.Storage.Layers;

namespace Berth.Engine.Images;

/// <summary>
/// podman diff / image diff for images (and, for the top-level command, layers): the changes of an image's top layer
/// against its parent layer, or between two images (libpod GetDiff → store.Changes). With one image on overlay this is
/// overlay's native diff of the top layer's own directory; otherwise the two complete trees are compared.
/// </summary>
public sealed class ImageDiff(ImageService images)
{
    /// <param name="to">The image (or layer) whose file system is shown.</param>
    /// <param name="from">The image (or layer) to compare with; null for the parent layer of <paramref name="to"/>.</param>
    /// <param name="layersToo">podman diff (all object kinds): a name that is no image may be a layer ID or prefix.</param>
    public IReadOnlyList<FileChange> Changes(string to, string? from, bool layersToo, CancellationToken cancellationToken)
    {
        var toTop = TopLayer(to, layersToo);
        var layers = images.Store.Layers;
        if (from is null)
        {
            var parent = toTop is { } top ? layers.Get(top)?.ParentChainId : null;
            if (toTop is { } t && layers.DriverName == OverlayDriver.DriverName)
            {
                var layer = layers.Get(t) ?? throw BerthException.NotFound($"layer {t} is not in the store");
                var lower = parent is { } p
                    ? FileTree.FromOverlayLayers(layers.Chain(p).Select(l => l.Directory).ToList(), attributes: false, cancellationToken)
                    : FileTree.Empty();
                return LayerChanges.OverlayLayer(layer.Directory, lower, cancellationToken);
            }

            return LayerChanges.Compare(TreeOf(parent, cancellationToken), TreeOf(toTop, cancellationToken));
        }

        var fromTop = TopLayer(from, layersToo);
        return LayerChanges.Compare(TreeOf(fromTop, cancellationToken), TreeOf(toTop, cancellationToken));
    }

    /// <summary>libpod's getLayerID: the image's top layer, else (podman diff) a layer; podman's "X not found: …" otherwise.</summary>
    private Digest? TopLayer(string name, bool layersToo)
    {
        if (images.TryFindStored(name) is { } image)
        {
            return image.TopLayer;
        }

        if (!layersToo)
        {
            throw new BerthException(ErrorKind.NotFound, $"{name} not found: {ImageService.NotKnown(name).Message}");
        }

        var hex = name.StartsWith("sha256:", StringComparison.Ordinal) ? name[7..] : name;
        var matches = hex.Length == 0 ? [] : images.Store.Layers.List().Where(l => l.ChainId.Encoded.StartsWith(hex, StringComparison.Ordinal)).Take(2).ToList();
        return matches.Count == 1
            ? matches[0].ChainId
            : throw new BerthException(ErrorKind.NotFound, $"{name} not found: layer not known");
    }

    private FileTree TreeOf(Digest? chainId, CancellationToken cancellationToken)
    {
        if (chainId is not { } id)
        {
            return FileTree.Empty();
        }

        var layers = images.Store.Layers;
        if (layers.DriverName == OverlayDriver.DriverName)
        {
            return FileTree.FromOverlayLayers(layers.Chain(id).Select(l => l.Directory).ToList(), attributes: true, cancellationToken);
        }

        var layer = layers.Get(id) ?? throw BerthException.NotFound($"layer {id} is not in the store");
        return FileTree.FromDirectory(layer.Directory, cancellationToken);
    }
}

namespace Berth.Engine.Images;

/// <summary>One layer in the store's layer tree (libimage layerNode): its ID, size, the tags of images whose top layer it is.</summary>
public sealed class LayerTreeNode
{
    /// <summary>The layer ID (chain ID hex, as containers/storage names layers of pulled images).</summary>
    public required string Id { get; init; }

    public required long Size { get; init; }

    /// <summary>The repo tags of every image with this top layer, in image order, without duplicates.</summary>
    public List<string> Tags { get; } = [];

    public LayerTreeNode? Parent { get; set; }

    /// <summary>Layers on top of this one, in creation order.</summary>
    public List<LayerTreeNode> Children { get; } = [];
}

/// <summary>What podman image tree prints: the image's short ID, tags and size, and its top layer in the layer tree.</summary>
public sealed record ImageTreeData(string Id, IReadOnlyList<string> RepoTags, long Size, bool HasLayers, LayerTreeNode? TopLayer);

/// <summary>Builds the layer tree of the whole store and places one image in it (libimage Image.Tree's input).</summary>
public sealed class ImageTree(ImageService images)
{
    public ImageTreeData Build(string nameOrId)
    {
        var image = images.TryFindStored(nameOrId) ?? throw ImageService.NotKnown(nameOrId);
        var nodes = new Dictionary<string, LayerTreeNode>(StringComparer.Ordinal);
        var layers = images.Store.Layers.List();
        foreach (var layer in layers)
        {
            nodes[layer.ChainId.Encoded] = new LayerTreeNode { Id = layer.ChainId.Encoded, Size = layer.UncompressedSize };
        }

        foreach (var layer in layers)
        {
            if (layer.ParentChainId is { } parent && nodes.TryGetValue(parent.Encoded, out var parentNode))
            {
                var node = nodes[layer.ChainId.Encoded];
                node.Parent = parentNode;
                parentNode.Children.Add(node);
            }
        }

        foreach (var other in images.Store.Images.List())
        {
            if (other.TopLayer is { } top && nodes.TryGetValue(top.Encoded, out var node))
            {
                foreach (var tag in other.Names.Where(t => !node.Tags.Contains(t)))
                {
                    node.Tags.Add(tag);
                }
            }
        }

        var topNode = image.TopLayer is { } t && nodes.TryGetValue(t.Encoded, out var n) ? n : null;
        return new ImageTreeData(image.Id, image.Names, image.Size, image.TopLayer is not null, topNode);
    }
}

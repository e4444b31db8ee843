namespace Berth.Engine.Containers;

/// <summary>A container's disk use as podman reports it (ps <c>--size</c>, inspect <c>--size</c>).</summary>
/// <param name="RwSize">Bytes of the files in the container's writable layer (podman's SizeRw).</param>
/// <param name="RootFsSize">Bytes of the files of the image's layers the container sits on (podman's SizeRootFs).</param>
public readonly record struct ContainerSize(long RwSize, long RootFsSize);

public sealed partial class ContainerService
{
    /// <summary>
    /// Measures the container's layers: the sizes of everything but directories, symlinks by their target's length, as
    /// containers/storage counts them. Results for image layers are kept in <paramref name="layerCache"/> so a listing
    /// measures each image once.
    /// </summary>
    public ContainerSize Size(Container c, Dictionary<string, long>? layerCache = null)
    {
        var layer = Store.Layers.GetContainerLayer(c.Id);
        if (layer is null)
        {
            return default;
        }

        var rw = DirectoryUsage(layer.Directory);
        long root = 0;
        if (layer.ParentChainId is { } parent)
        {
            foreach (var lower in Store.Layers.Chain(parent))
            {
                var key = lower.ChainId.ToString();
                if (layerCache is null || !layerCache.TryGetValue(key, out var size))
                {
                    size = DirectoryUsage(lower.Directory);
                    layerCache?.Add(key, size);
                }

                root += size;
            }
        }

        return new ContainerSize(rw, root);
    }

    private static long DirectoryUsage(string directory)
    {
        if (!Directory.Exists(directory))
        {
            return 0;
        }

        long total = 0;
        var options = new EnumerationOptions
        {
            RecurseSubdirectories = true,
            AttributesToSkip = 0,
            IgnoreInaccessible = true,
            ReturnSpecialDirectories = false,
        };
        foreach (var entry in new DirectoryInfo(directory).EnumerateFileSystemInfos("*", options))
        {
            // A symlink counts as the length of its target path (its lstat size), even one to a directory.
            if (entry.LinkTarget is { } target)
            {
                total += System.Text.Encoding.UTF8.GetByteCount(target);
            }
            else if (entry is FileInfo file)
            {
                total += file.Length;
            }
        }

        return total;
    }
}

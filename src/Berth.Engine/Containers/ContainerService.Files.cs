using Berth.Archive;
using Berth.Engine.Images;
using Berth.Oci;
using Berth.Storage.Layers;

namespace Berth.Engine.Containers;

/// <summary>A container whose root file system is mounted (<c>berth mount</c> without arguments).</summary>
public sealed record MountedContainer(Container Container, string MountPoint);

public sealed partial class ContainerService
{
    /// <summary>
    /// podman 4.3 (containers/storage): a container removed when it exits (<c>--rm</c>) gets a volatile upper layer, no
    /// syncs and none at unmount, unless storage.conf says <c>disable-volatile</c>.
    /// </summary>
    private bool VolatileUpper(Container c) => c.Config.AutoRemove && engine.StorageConf.File?.Options.DisableVolatile != true;

    /// <summary>
    /// <c>berth mount CTR</c>: one more user of the container's root file system (containers/storage's counted mount);
    /// returns the mount point. The running container holds a count of its own.
    /// </summary>
    public async Task<string> MountAsync(Container container, CancellationToken cancellationToken)
    {
        using var held = await LockAsync(container.Id, cancellationToken).ConfigureAwait(false);
        var c = Reload(container);
        if (c.State.Status == ContainerStatus.Removing)
        {
            throw new BerthException(ErrorKind.InvalidState, $"cannot mount container {c.Id} as it is being removed: container state improper");
        }

        return Store.Layers.MountContainer(c.Id, VolatileUpper(c));
    }

    /// <summary>
    /// <c>berth unmount CTR</c>: one user less (all of them with <paramref name="force"/>). As podman 4.3, the last
    /// count of a running container (its own) is left alone without an error.
    /// </summary>
    public async Task UnmountAsync(Container container, bool force, CancellationToken cancellationToken)
    {
        using var held = await LockAsync(container.Id, cancellationToken).ConfigureAwait(false);
        var c = Reload(container);
        var count = Store.Layers.ContainerMountCount(c.Id);
        if (count == 0 || (c.IsActive && count <= 1))
        {
            return;
        }

        if (Store.Layers.UnmountContainer(c.Id, force) == 0 && c.State.Mountpoint.Length > 0)
        {
            // A forced unmount took the runtime's count too: the state no longer holds a mount to release.
            SaveLocked(c, c.State with { Mountpoint = "" });
        }
    }

    /// <summary>The containers whose root file system is mounted now, newest first as podman lists them.</summary>
    public IReadOnlyList<MountedContainer> Mounted()
    {
        var result = new List<MountedContainer>();
        foreach (var c in List().Reverse())
        {
            if (Store.Layers.ContainerMountCount(c.Id) > 0)
            {
                result.Add(new MountedContainer(c, Store.Layers.ContainerMountPoint(c.Id)));
            }
        }

        return result;
    }

    /// <summary>Runs <paramref name="work"/> on the container's root file system, mounted for the time it takes (podman cp, export, commit).</summary>
    public async Task<T> WithRootfsAsync<T>(Container container, Func<string, Task<T>> work, CancellationToken cancellationToken)
    {
        var rootfs = await MountAsync(container, cancellationToken).ConfigureAwait(false);
        try
        {
            return await work(rootfs).ConfigureAwait(false);
        }
        finally
        {
            Store.Layers.UnmountContainer(container.Id, force: false);
        }
    }

    /// <summary><c>berth export</c>: the container's whole root file system as one tar.</summary>
    public Task ExportAsync(Container container, Stream output, CancellationToken cancellationToken) =>
        WithRootfsAsync(
            container,
            rootfs => LayerWriter.WriteDirectoryAsync(rootfs, output, LayerCompression.None, cancellationToken),
            cancellationToken);

    /// <summary><c>berth diff CTR</c>: the container layer's changes against its image (podman's A/C/D lines).</summary>
    public IReadOnlyList<FileChange> Changes(Container container, CancellationToken cancellationToken)
    {
        var layers = Store.Layers;
        var own = layers.GetContainerLayer(container.Id) ?? throw BerthException.NotFound($"container layer {container.Id} is not in the store");
        if (layers.DriverName == OverlayDriver.DriverName)
        {
            var lower = own.ParentChainId is { } p
                ? FileTree.FromOverlayLayers(layers.Chain(p).Select(l => l.Directory).ToList(), attributes: false, cancellationToken)
                : FileTree.Empty();
            return LayerChanges.OverlayLayer(own.Directory, lower, cancellationToken);
        }

        var parent = own.ParentChainId is { } q
            ? FileTree.FromDirectory(layers.Get(q)?.Directory ?? throw BerthException.NotFound($"layer {q} is not in the store"), cancellationToken)
            : FileTree.Empty();
        return LayerChanges.Compare(parent, FileTree.FromDirectory(own.Directory, cancellationToken));
    }
}

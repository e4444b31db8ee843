using Berth.Storage.Layers;
using StoredImage = Berth.Storage.Images.Image;

namespace Berth.Engine.Images;

/// <summary>One mounted image, as podman's ImageMountReport (Id, Name = manifest digest, Repositories = tags, Path).</summary>
public sealed record ImageMountReport(string Id, string Name, IReadOnlyList<string> Repositories, string Path);

/// <summary>What unmounting one image did: its ID, or the error for it (podman reports each and goes on).</summary>
public sealed record ImageUnmountReport(string Id, BerthException? Error);

/// <summary>
/// podman image mount/unmount: an image's root file system mounted read-only at its top layer's mount point, counted
/// per layer in the store (<see cref="LayerStore.Mount"/>), so several mounts need as many unmounts (or one
/// <c>--force</c>) and a later process can unmount.
/// </summary>
public sealed class ImageMounter(ImageService images)
{
    /// <summary>
    /// Mounts the named images (or all writable ones with <paramref name="all"/>); with neither, lists the mounted ones.
    /// An unknown name fails before anything is mounted.
    /// </summary>
    public IReadOnlyList<ImageMountReport> Mount(IReadOnlyList<string> names, bool all)
    {
        if (all && names.Count > 0)
        {
            throw new BerthException(ErrorKind.InvalidArgument, "cannot mix --all with images");
        }

        var list = Select(names, all);
        var listOnly = !all && names.Count == 0;
        if (!listOnly)
        {
            RequireMountable();
        }

        var reports = new List<ImageMountReport>();
        var layers = images.Store.Layers;
        foreach (var image in list)
        {
            string path;
            if (listOnly)
            {
                if (image.TopLayer is not { } top || layers.GetMount(top) is not { } mount)
                {
                    continue;
                }

                path = mount.MountPoint;
            }
            else
            {
                path = layers.Mount(image.TopLayer ?? throw new BerthException(ErrorKind.InvalidState, $"image {image.Id} has no layers: there is nothing to mount"));
            }

            reports.Add(new ImageMountReport(image.Id, image.ManifestDigest.ToString(), image.Names, EvalSymlinks(path)));
        }

        return reports;
    }

    /// <summary>
    /// Unmounts the named images (or every mounted one with <paramref name="all"/>). As in podman 4.3, an image that is
    /// not mounted is skipped without a word; an unknown name fails before anything is unmounted.
    /// </summary>
    public IReadOnlyList<ImageUnmountReport> Unmount(IReadOnlyList<string> names, bool all, bool force)
    {
        if (all && names.Count > 0)
        {
            throw new BerthException(ErrorKind.InvalidArgument, "cannot mix --all with images");
        }

        var reports = new List<ImageUnmountReport>();
        var layers = images.Store.Layers;
        foreach (var image in Select(names, all))
        {
            if (image.TopLayer is not { } top || layers.GetMount(top) is null)
            {
                continue;
            }

            try
            {
                layers.Unmount(top, force);
                reports.Add(new ImageUnmountReport(image.Id, null));
            }
            catch (BerthException e)
            {
                reports.Add(new ImageUnmountReport(image.Id, e));
            }
            catch (IOException e)
            {
                reports.Add(new ImageUnmountReport(image.Id, new BerthException(ErrorKind.InvalidState, $"unmounting image {image.Id}: {e.Message}", e)));
            }
        }

        return reports;
    }

    /// <summary>libimage ListImages(names): every name must exist (the first unknown one fails); --all = the writable images.</summary>
    private List<StoredImage> Select(IReadOnlyList<string> names, bool all)
    {
        if (names.Count == 0)
        {
            var stored = images.Store.Images.List();
            return all ? stored.Where(i => !i.ReadOnly).ToList() : stored.ToList();
        }

        // No de-duplication: podman mounts (and counts) an image named twice twice.
        return names.Select(n => images.TryFindStored(n) ?? throw ImageService.NotKnown(n)).ToList();
    }

    /// <summary>Go's filepath.EvalSymlinks, which podman applies to mount points: every symlink on the path resolved.</summary>
    public static string EvalSymlinks(string path)
    {
        var resolved = "/";
        var pending = new Stack<string>(path.Split('/', StringSplitOptions.RemoveEmptyEntries).Reverse());
        for (var hops = 0; pending.TryPop(out var part);)
        {
            var next = part == ".." ? Path.GetDirectoryName(resolved) ?? "/" : part == "." ? resolved : Path.Combine(resolved, part);
            if (new FileInfo(next).LinkTarget is not { } target)
            {
                resolved = next;
                continue;
            }

            if (++hops > 255)
            {
                throw new BerthException(ErrorKind.InvalidState, $"{path}: too many levels of symbolic links");
            }

            foreach (var piece in target.Split('/', StringSplitOptions.RemoveEmptyEntries).Reverse())
            {
                pending.Push(piece);
            }

            if (target.StartsWith('/'))
            {
                resolved = "/";
            }
        }

        return resolved;
    }

    /// <summary>podman: rootless mounts need a user namespace, which only works with vfs.</summary>
    private void RequireMountable()
    {
        if (images.Engine.Settings.Rootless && images.Store.DriverName != VfsDriver.DriverName)
        {
            throw new BerthException(ErrorKind.InvalidState, $"cannot mount using driver {images.Store.DriverName} in rootless mode");
        }
    }
}

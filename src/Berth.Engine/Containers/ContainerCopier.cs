using System.IO.Pipes;
using Berth.Archive;
using Berth.Runtime.Files;

namespace Berth.Engine.Containers;

/// <summary>What <c>berth cp</c> was asked: <c>-a/--archive</c> (chown to the container's user) and <c>--overwrite</c>.</summary>
public sealed record CopyOptions(bool Archive = true, bool Overwrite = false);

/// <summary>
/// <c>berth cp</c> with docker cp's rules, as podman 4.3 applies them: a source (its symlinks followed, inside the
/// container's root for a container path) is copied into an existing destination directory under its own name, or
/// becomes the destination when that does not exist (its parent must); <c>SRC/.</c> copies a directory's contents;
/// <c>-</c> is a tar stream on stdin or stdout. Container paths resolve inside the root file system (RESOLVE_IN_ROOT),
/// which is mounted for the copy when the container is not running.
/// </summary>
public sealed class ContainerCopier(ContainerService containers)
{
    /// <summary>Copies <paramref name="source"/> in the container to the host path <paramref name="destination"/> ("-": tar to <paramref name="stdout"/>).</summary>
    public Task FromContainerAsync(Container container, string shownName, string source, string destination, Stream stdout, CancellationToken cancellationToken) =>
        containers.WithRootfsAsync(container, async rootfs =>
        {
            using var root = RootedTree.Open(rootfs);
            var entry = root.Resolve(source, followLast: true)
                ?? throw Missing(source, $"container {shownName}");
            var contentsOnly = IsContentsOnly(source) || entry.RelativePath.Length == 0;
            if (destination == "-")
            {
                await root.ArchiveAsync(entry, entry.Name, contentsOnly, stdout, cancellationToken).ConfigureAwait(false);
                return true;
            }

            using var host = RootedTree.Open("/");
            var (directory, name) = Destination(host, entry, Path.GetFullPath(destination), destination, "the host");
            var options = new LayerApplyOptions { PreserveOwnership = false };
            await PipeAsync(root, entry, name ?? entry.Name, contentsOnly && name is null, host, directory, options, cancellationToken).ConfigureAwait(false);
            return true;
        }, cancellationToken);

    /// <summary>Copies the host path <paramref name="source"/> ("-": a tar from <paramref name="stdin"/>) to <paramref name="destination"/> in the container.</summary>
    public Task ToContainerAsync(Container container, string shownName, string source, Stream stdin, string destination, CopyOptions options, CancellationToken cancellationToken) =>
        containers.WithRootfsAsync(container, async rootfs =>
        {
            using var root = RootedTree.Open(rootfs);
            var apply = ApplyOptions(container, rootfs, options);
            if (source == "-")
            {
                var target = root.Resolve(destination, followLast: true);
                if (target is not { IsDirectory: true })
                {
                    throw new BerthException(ErrorKind.InvalidArgument, "destination must be a directory when copying from stdin");
                }

                await root.ExtractAsync(stdin, target.RelativePath, apply, cancellationToken).ConfigureAwait(false);
                return true;
            }

            using var host = RootedTree.Open("/");
            var entry = host.Resolve(Path.GetFullPath(source), followLast: true)
                ?? throw Missing(source, "the host");
            var (directory, name) = Destination(root, entry, destination, destination, $"container {shownName}");
            if (!options.Overwrite)
            {
                CheckOverwrite(root, entry, directory, name ?? entry.Name, IsContentsOnly(source) && name is null);
            }

            await PipeAsync(host, entry, name ?? entry.Name, IsContentsOnly(source) && name is null, root, directory, apply, cancellationToken).ConfigureAwait(false);
            return true;
        }, cancellationToken);

    /// <summary>"dir/." (or "dir/./"): the directory's contents, not the directory.</summary>
    private static bool IsContentsOnly(string path) =>
        path.EndsWith("/.", StringComparison.Ordinal) || path.EndsWith("/./", StringComparison.Ordinal) || path == ".";

    /// <summary>
    /// Where the source goes: (an existing directory, null) to copy it in under its own name, or (the parent, the new
    /// name) when the destination is to be made or replaced.
    /// </summary>
    private static (string Directory, string? Name) Destination(RootedTree tree, RootedEntry source, string path, string shown, string where)
    {
        var existing = tree.Resolve(path, followLast: true);
        if (existing is { IsDirectory: true })
        {
            return (existing.RelativePath, null);
        }

        if (existing is not null)
        {
            return source.IsDirectory
                ? throw new BerthException(ErrorKind.InvalidArgument, "destination must be a directory when copying a directory")
                : (Parent(existing.RelativePath), existing.Name);
        }

        var trimmed = path.TrimEnd('/');
        var parent = path.EndsWith('/') ? null : tree.Resolve(trimmed.Length == 0 ? "/" : Parent(trimmed), followLast: true);
        if (parent is not { IsDirectory: true })
        {
            throw Missing(shown, where);
        }

        return (parent.RelativePath, trimmed[(trimmed.LastIndexOf('/') + 1)..]);
    }

    /// <summary>podman refuses to put a directory where a non-directory is (and the reverse) without --overwrite.</summary>
    private static void CheckOverwrite(RootedTree root, RootedEntry source, string directory, string name, bool contentsOnly)
    {
        if (contentsOnly)
        {
            return;
        }

        var trimmed = directory.Trim('/');
        var path = "/" + (trimmed.Length == 0 ? name : trimmed + "/" + name);
        var existing = root.Resolve(path, followLast: false);
        if (existing is not null && existing.IsDirectory != source.IsDirectory)
        {
            var what = source.IsDirectory ? $"mkdir {path}: file exists" : $"copier: put: error creating file at \"{path}\": open {path}: file exists";
            throw new BerthException(ErrorKind.Conflict, $"copying to container: copier: put: error creating \"{path}\": {what}");
        }
    }

    /// <summary>Archives the source into a pipe and unpacks it at the destination at the same time.</summary>
    private static async Task PipeAsync(
        RootedTree from, RootedEntry entry, string name, bool contentsOnly, RootedTree to, string directory, LayerApplyOptions options, CancellationToken cancellationToken)
    {
        using var server = new AnonymousPipeServerStream(PipeDirection.Out);
        using var client = new AnonymousPipeClientStream(PipeDirection.In, server.ClientSafePipeHandle);
        var writer = Task.Run(async () =>
        {
            try
            {
                await from.ArchiveAsync(entry, name, contentsOnly && entry.IsDirectory, server, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                server.Dispose();
            }
        }, cancellationToken);
        try
        {
            await to.ExtractAsync(client, directory, options, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            client.Dispose();
            try
            {
                await writer.ConfigureAwait(false);
            }
            catch (IOException)
            {
                // The reader failed first (its error is the one that matters) and the writer met a broken pipe.
            }
        }
    }

    /// <summary>-a (default): copied files belong to the container's user, as podman chowns them.</summary>
    private static LayerApplyOptions ApplyOptions(Container container, string rootfs, CopyOptions options)
    {
        if (!options.Archive)
        {
            return new LayerApplyOptions { PreserveOwnership = true };
        }

        var user = container.Config.User is { Length: > 0 } u ? u : "0";
        try
        {
            var resolved = UserLookup.ForRootfs(rootfs).Lookup(user);
            return new LayerApplyOptions { ChownTo = (resolved.Uid, resolved.Gid) };
        }
        catch (BerthException)
        {
            return new LayerApplyOptions { ChownTo = (0, 0) };
        }
    }

    private static string Parent(string relative)
    {
        var slash = relative.LastIndexOf('/');
        return "/" + (slash < 0 ? "" : relative[..slash]);
    }

    private static BerthException Missing(string path, string where) =>
        new(ErrorKind.NotFound, $"\"{path}\" could not be found on {where}: no such file or directory");
}

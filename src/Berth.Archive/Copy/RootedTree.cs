using Berth.Archive.Tar;
using Berth.Oci;
using Berth.Platform;
using Berth.Platform.FileSystem;
using Microsoft.Win32.SafeHandles;

namespace Berth.Archive;

/// <summary>An entry found below a <see cref="RootedTree"/>: its path relative to the root with every symlink resolved.</summary>
public sealed record RootedEntry(string RelativePath, UnixFileKind Kind)
{
    public bool IsDirectory => Kind == UnixFileKind.Directory;

    /// <summary>The last component ("" for the root itself).</summary>
    public string Name => EntryPath.Leaf(RelativePath);
}

/// <summary>
/// A directory treated as '/' (a container's root file system, or the host's '/'), for copying files in and out of it
/// as tar streams (<c>cp</c>). Every path is resolved with openat2 RESOLVE_IN_ROOT, so symlinks in the tree (absolute
/// ones, <c>..</c>) resolve inside it as in a chroot and nothing outside the root is ever read or written; archives are
/// read and written through directory handles, and extraction goes through <see cref="LayerApplier"/> (hostile names,
/// links and <c>..</c> entries stay inside the destination directory).
/// </summary>
public sealed class RootedTree : IDisposable
{
    private readonly SafeFileHandle _root;
    private readonly string _rootPath;

    private RootedTree(SafeFileHandle root, string rootPath)
    {
        _root = root;
        _rootPath = rootPath;
    }

    public static RootedTree Open(string directory)
    {
        var errno = AtCalls.OpenDirectory(directory, out var handle);
        if (errno != Errno.None)
        {
            throw new BerthException(ErrorKind.NotFound, $"cannot open {EntryPath.Quote(directory)}: {errno.Message()}");
        }

        var real = AtCalls.PathOf(handle!);
        return new RootedTree(handle!, real == "/" ? "" : real);
    }

    /// <summary>
    /// <paramref name="path"/> (taken from the root, '/' or not) with its symlinks resolved inside the root, the last one
    /// too when <paramref name="followLast"/>; null when it does not exist (or a component is not a directory).
    /// </summary>
    public RootedEntry? Resolve(string path, bool followLast)
    {
        var errno = AtCalls.OpenPathInRoot(_root, path.TrimStart('/'), followLast, out var handle);
        if (errno is Errno.ENOENT or Errno.ENOTDIR or Errno.ELOOP)
        {
            return null;
        }

        Check(errno, path, "resolve");
        using (handle)
        {
            Check(DescriptorCalls.Stat(handle!, out var status), path, "stat");
            var real = AtCalls.PathOf(handle!);
            string relative;
            if (real == _rootPath || (_rootPath.Length == 0 && real == "/"))
            {
                relative = "";
            }
            else if (real.StartsWith(_rootPath + "/", StringComparison.Ordinal))
            {
                relative = real[(_rootPath.Length + 1)..];
            }
            else
            {
                throw new BerthException(ErrorKind.Internal, $"{EntryPath.Quote(path)} resolved to {EntryPath.Quote(real)}, outside {EntryPath.Quote(_rootPath)}");
            }

            return new RootedEntry(relative, status.Kind);
        }
    }

    /// <summary>
    /// Writes <paramref name="entry"/> as a tar to <paramref name="output"/>: named <paramref name="entryName"/> (a
    /// directory with everything below it), or, with <paramref name="contentsOnly"/>, what is in the directory.
    /// </summary>
    public async Task ArchiveAsync(RootedEntry entry, string entryName, bool contentsOnly, Stream output, CancellationToken cancellationToken)
    {
        using var tar = new TarStreamWriter(output);
        using var archiver = new TreeArchiver(tar, overlay: false);
        using var parent = OpenDirectory(EntryPath.Parent(entry.RelativePath), entry.RelativePath);
        if (contentsOnly && entry.IsDirectory)
        {
            var errno = entry.RelativePath.Length == 0
                ? AtCalls.OpenDirectory(AtCalls.MagicLink(parent), out var directory)
                : AtCalls.OpenSubdirectory(parent, entry.Name, out directory);
            Check(errno, entry.RelativePath, "open directory");
            using (directory)
            {
                await archiver.ArchiveContentsAsync(directory!, cancellationToken).ConfigureAwait(false);
            }
        }
        else
        {
            await archiver.ArchiveEntryAsync(parent, entry.Name, entryName, cancellationToken).ConfigureAwait(false);
        }

        await tar.FinishAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Unpacks the tar <paramref name="archive"/> into the directory <paramref name="directory"/> (relative to the root, resolved in it).</summary>
    public async Task ExtractAsync(Stream archive, string directory, LayerApplyOptions options, CancellationToken cancellationToken)
    {
        using var target = OpenDirectory(directory, directory);
        await LayerApplier.ApplyAsync(archive, LayerCompression.None, AtCalls.MagicLink(target), options, cancellationToken).ConfigureAwait(false);
    }

    public void Dispose() => _root.Dispose();

    private SafeFileHandle OpenDirectory(string relative, string what)
    {
        var errno = AtCalls.OpenDirectoryInRoot(_root, relative, out var handle);
        Check(errno, what, "open directory");
        return handle!;
    }

    private static void Check(Errno errno, string path, string action)
    {
        if (errno != Errno.None)
        {
            throw errno is Errno.ENOENT or Errno.ENOTDIR
                ? BerthException.NotFound($"{EntryPath.Quote(path)}: {action}: {errno.Message()}")
                : new BerthException(ErrorKind.Internal, $"{EntryPath.Quote(path)}: {action}: {errno.Message()}");
        }
    }
}

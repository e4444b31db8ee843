using Berth.Archive;
using Berth.Platform;
using Berth.Platform.FileSystem;
using Microsoft.Win32.SafeHandles;

namespace Berth.Build.Copy;

/// <summary>
/// Copies local sources (files, directories, links, nodes) into a <see cref="TargetWriter"/>, reading the source through
/// directory handles only: below a copied directory nothing is followed (symlinks are copied as links), so nothing
/// outside the source can be read. Metadata follows buildah's COPY: owners become the copy owner (kept for
/// <c>--from</c> without <c>--chown</c>), setuid/setgid bits are cleared for context sources, <c>--chmod</c> replaces
/// the bits of everything but symlinks, modification times are kept (rounded to the second), hard links within one
/// source are kept as links, and sockets are skipped.
/// </summary>
internal sealed class TreeCopy(TargetWriter writer, CopyOptions options, FileOwner? owner, ExcludePatterns excludes)
{
    private const uint SetUidSetGid = 0b110_000_000_000;

    /// <summary>(device, inode) of multiply-linked files already written, and where, for this source item only.</summary>
    private readonly Dictionary<(uint, uint, ulong), string> _links = [];

    /// <summary>
    /// Copies one item, resolved inside <paramref name="sourceRoot"/> (a symlink named as the source is followed there),
    /// to <paramref name="destination"/> (relative to the writer): a directory's contents go into that directory (with
    /// <c>--parents</c> the directory itself is made there first), anything else becomes that entry.
    /// </summary>
    public void CopyItem(SafeFileHandle sourceRoot, LocalCopySource item, string destination, CancellationToken cancellationToken)
    {
        _links.Clear();
        var sourcePath = EntryPath.Clean(item.Path) ?? throw BerthException.InvalidArgument($"source {EntryPath.Quote(item.Path)} is outside its root");
        var errno = AtCalls.OpenPathInRoot(sourceRoot, sourcePath, followLast: true, out var handle);
        if (errno != Errno.None)
        {
            throw CopyErrors.Source(item.Path, "resolve", errno);
        }

        using (handle)
        {
            errno = DescriptorCalls.Stat(handle!, out var status);
            if (errno != Errno.None)
            {
                throw CopyErrors.Source(item.Path, "stat", errno);
            }

            switch (status.Kind)
            {
                case UnixFileKind.Directory:
                    errno = AtCalls.OpenDirectory(AtCalls.MagicLink(handle!), out var directory);
                    if (errno != Errno.None)
                    {
                        throw CopyErrors.Source(item.Path, "open directory", errno);
                    }

                    using (directory)
                    {
                        if (destination.Length > 0 && options.Parents)
                        {
                            writer.MakeDirectory(destination, Metadata(status, directory!, null));
                        }

                        CopyContents(directory!, sourcePath, "", destination, materialized: true, cancellationToken);
                    }

                    break;

                case UnixFileKind.Regular:
                    // Resolved again, readable this time (an O_PATH handle cannot be read); still inside the root.
                    errno = AtCalls.OpenRegularFileInRoot(sourceRoot, sourcePath, out var file);
                    if (errno != Errno.None)
                    {
                        throw CopyErrors.Source(item.Path, "open file", errno);
                    }

                    using (file)
                    {
                        WriteFile(file!, status, item.Path, destination);
                    }

                    break;

                case UnixFileKind.Fifo or UnixFileKind.CharacterDevice or UnixFileKind.BlockDevice:
                    writer.Node(destination, status.Kind, status.RDevMajor, status.RDevMinor, Metadata(status, null, null));
                    break;

                default:
                    throw BerthException.InvalidArgument($"source {EntryPath.Quote(item.Path)} is a socket, which cannot be copied");
            }
        }
    }

    /// <param name="directory">The source directory, open for reading.</param>
    /// <param name="sourcePath">Its path relative to the source root (for the ignore predicate).</param>
    /// <param name="relative">Its path relative to the copied item (for --exclude).</param>
    /// <param name="destination">Where its contents go, relative to the writer.</param>
    /// <param name="materialized">False inside an ignored directory walked for exceptions: the writer makes the
    /// directories (with default metadata) only when something inside is written.</param>
    private void CopyContents(SafeFileHandle directory, string sourcePath, string relative, string destination, bool materialized, CancellationToken cancellationToken)
    {
        var names = new List<string>();
        var errno = AtCalls.ReadDirectory(directory, names);
        if (errno != Errno.None)
        {
            throw CopyErrors.Source(sourcePath, "read directory", errno);
        }

        // Lexical order, as buildah's walk: the first name of a hard-linked file is the one written out.
        names.Sort(StringComparer.Ordinal);
        foreach (var name in names)
        {
            cancellationToken.ThrowIfCancellationRequested();
            errno = AtCalls.Stat(directory, name, out var status);
            if (errno == Errno.ENOENT)
            {
                continue;
            }

            if (errno != Errno.None)
            {
                throw CopyErrors.Source(EntryPath.Join(sourcePath, name), "stat", errno);
            }

            CopyEntry(directory, name, status, EntryPath.Join(sourcePath, name), EntryPath.Join(destination, name), EntryPath.Join(relative, name), materialized, cancellationToken);
        }
    }

    private void CopyEntry(SafeFileHandle directory, string name, UnixFileStatus status, string sourcePath, string destination, string relative, bool materialized, CancellationToken cancellationToken)
    {
        var isDirectory = status.Kind == UnixFileKind.Directory;
        if (relative.Length > 0 && IsExcluded(sourcePath, relative))
        {
            if (isDirectory && MayIncludeBelow(sourcePath))
            {
                WalkInto(directory, name, sourcePath, relative, destination, materialized: false, status, cancellationToken);
            }

            return;
        }

        switch (status.Kind)
        {
            case UnixFileKind.Directory:
                WalkInto(directory, name, sourcePath, relative, destination, materialized: true, status, cancellationToken);
                break;

            case UnixFileKind.Regular:
                CopyRegular(directory, name, status, sourcePath, destination);
                break;

            case UnixFileKind.SymbolicLink:
                var errno = AtCalls.ReadLink(directory, name, out var target);
                if (errno != Errno.None)
                {
                    throw CopyErrors.Source(sourcePath, "read symbolic link", errno);
                }

                writer.Symlink(destination, target, Metadata(status, null, (directory, name)));
                break;

            case UnixFileKind.Fifo or UnixFileKind.CharacterDevice or UnixFileKind.BlockDevice:
                writer.Node(destination, status.Kind, status.RDevMajor, status.RDevMinor, Metadata(status, null, (directory, name)));
                break;

            default:
                // Sockets cannot be copied (a tar cannot hold them either).
                break;
        }
    }

    private void WalkInto(SafeFileHandle directory, string name, string sourcePath, string relative, string destination, bool materialized, UnixFileStatus status, CancellationToken cancellationToken)
    {
        var errno = AtCalls.OpenSubdirectory(directory, name, out var sub);
        if (errno == Errno.ENOENT)
        {
            return;
        }

        if (errno != Errno.None)
        {
            throw CopyErrors.Source(sourcePath, "open directory", errno);
        }

        using (sub)
        {
            if (materialized)
            {
                writer.MakeDirectory(destination, Metadata(status, sub!, null));
            }

            CopyContents(sub!, sourcePath, relative, destination, materialized, cancellationToken);
        }
    }

    private void CopyRegular(SafeFileHandle directory, string name, UnixFileStatus status, string sourcePath, string destination)
    {
        if (TryLink(status, destination))
        {
            return;
        }

        var errno = AtCalls.OpenFile(directory, name, out var file);
        if (errno != Errno.None)
        {
            throw CopyErrors.Source(sourcePath, "open file", errno);
        }

        using (file)
        {
            WriteFile(file!, status, sourcePath, destination);
        }
    }

    private void WriteFile(SafeFileHandle file, UnixFileStatus status, string sourcePath, string destination)
    {
        var metadata = Metadata(status, file, null);
        using var output = writer.CreateFile(destination);
        var errno = FileCopyCalls.CopyToEnd(file, output, out var copied);
        if (errno != Errno.None)
        {
            throw CopyErrors.Io(writer.Display(destination), $"copy the contents of {EntryPath.Quote(sourcePath)}", errno);
        }

        writer.FinishFile(output, destination, metadata, copied);
        if (status.LinkCount > 1)
        {
            _links[status.FileId] = destination;
        }
    }

    private bool TryLink(UnixFileStatus status, string destination)
    {
        if (status.LinkCount <= 1 || !_links.TryGetValue(status.FileId, out var first))
        {
            return false;
        }

        writer.HardLink(destination, first, metadata: null);
        return true;
    }

    private bool IsExcluded(string sourcePath, string relative) =>
        (options.IsIgnored?.Invoke(sourcePath) ?? false) || (!excludes.IsEmpty && excludes.Matches(relative));

    private bool MayIncludeBelow(string sourcePath) =>
        (options.MayIncludeBelow?.Invoke(sourcePath) ?? false) || excludes.HasExceptions;

    /// <summary>The entry's metadata as buildah's COPY gives it; extended attributes read from <paramref name="open"/>
    /// or from <paramref name="named"/> (name in a directory).</summary>
    private EntryMetadata Metadata(UnixFileStatus status, SafeFileHandle? open, (SafeFileHandle Directory, string Name)? named)
    {
        var mode = status.Permissions;
        if (!options.FromImage)
        {
            mode &= ~SetUidSetGid;
        }

        if (options.Chmod is { } chmod && status.Kind != UnixFileKind.SymbolicLink)
        {
            mode = chmod;
        }

        var (uid, gid) = owner is { } o ? (o.Uid, o.Gid) : (status.Uid, status.Gid);
        var time = EntryMetadata.RoundToSecond(status.ModificationTime);
        return new EntryMetadata(uid, gid, mode, time, time, ReadXattrs(open, named));
    }

    private static List<KeyValuePair<string, byte[]>>? ReadXattrs(SafeFileHandle? open, (SafeFileHandle Directory, string Name)? named)
    {
        if (open is null && named is null)
        {
            return null;
        }

        var names = new List<string>();
        var errno = open is not null
            ? DescriptorCalls.ListExtendedAttributes(open, names)
            : AtCalls.ListExtendedAttributes(named!.Value.Directory, named.Value.Name, names);
        if (errno != Errno.None || names.Count == 0)
        {
            return null;
        }

        List<KeyValuePair<string, byte[]>>? kept = null;
        foreach (var key in names)
        {
            if (!EntryMetadata.IsKeptXattr(key))
            {
                continue;
            }

            var got = open is not null
                ? DescriptorCalls.GetExtendedAttribute(open, key, out var value)
                : AtCalls.GetExtendedAttribute(named!.Value.Directory, named.Value.Name, key, out value);
            if (got == Errno.None && value is not null)
            {
                (kept ??= []).Add(new(key, value));
            }
        }

        return kept;
    }
}

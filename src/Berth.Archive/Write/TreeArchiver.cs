using System.Buffers;
using Berth.Archive.Tar;
using Berth.Platform;
using Berth.Platform.FileSystem;
using Microsoft.Win32.SafeHandles;

namespace Berth.Archive;

/// <summary>
/// Walks a directory tree through handles (no path is followed twice, no symlink followed) and writes it as tar entries
/// the way containers/storage's tar writer does: names sorted, the root itself left out, directories with a trailing
/// slash, hard links (same inode, more than one link) written as links to the first name seen, sockets skipped,
/// mtime in whole seconds, owner and mode (setuid/setgid/sticky too) as on disk, user names left empty, and the
/// extended attributes it carries (security.capability, security.ima, user.* except user.overlay.*).
/// In overlay mode, 0/0 character devices become <c>.wh.name</c> and opaque directories get a <c>.wh..wh..opq</c>
/// entry right after their own.
/// </summary>
internal sealed class TreeArchiver(TarStreamWriter tar, bool overlay, long? fixedTime = null) : IDisposable
{
    private const int BufferSize = 256 * 1024;

    private readonly Dictionary<(uint Major, uint Minor, ulong Inode), string> _firstNames = [];
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(BufferSize);

    public async Task ArchiveAsync(string directory, CancellationToken cancellationToken)
    {
        var errno = AtCalls.OpenDirectory(directory, out var root);
        if (errno != Errno.None)
        {
            throw errno is Errno.ENOENT or Errno.ENOTDIR
                ? BerthException.NotFound($"cannot archive {EntryPath.Quote(directory)}: it does not exist or is not a directory")
                : new BerthException(ErrorKind.Internal, $"cannot archive {EntryPath.Quote(directory)}: {errno.Message()}");
        }

        using (root)
        {
            await ArchiveDirectoryAsync(root!, "", cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// One entry of <paramref name="parent"/> named <paramref name="entryName"/> in the tar (a directory with all below
    /// it); its own name is not followed when it is a symlink (cp).
    /// </summary>
    public async Task ArchiveEntryAsync(SafeFileHandle parent, string name, string entryName, CancellationToken cancellationToken)
    {
        Check(AtCalls.Stat(parent, name, out var status), entryName, "stat");
        if (status.Kind == UnixFileKind.Directory)
        {
            await WriteDirectoryAsync(parent, name, entryName, status, cancellationToken).ConfigureAwait(false);
        }
        else if (status.Kind != UnixFileKind.Socket)
        {
            await WriteEntryAsync(parent, name, entryName, status, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>What is in an open directory, named relative to it (cp of <c>dir/.</c>).</summary>
    public Task ArchiveContentsAsync(SafeFileHandle directory, CancellationToken cancellationToken) =>
        ArchiveDirectoryAsync(directory, "", cancellationToken);

    public void Dispose()
    {
        var buffer = Interlocked.Exchange(ref _buffer, []);
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async Task ArchiveDirectoryAsync(SafeFileHandle directory, string prefix, CancellationToken cancellationToken)
    {
        var names = new List<string>();
        Check(AtCalls.ReadDirectory(directory, names), prefix, "read directory");
        names.Sort(Utf8Order.Instance);
        foreach (var name in names)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var path = prefix + name;
            var errno = AtCalls.Stat(directory, name, out var status);
            if (errno == Errno.ENOENT)
            {
                continue; // gone since the listing (a running container); containers/storage logs and goes on too
            }

            Check(errno, path, "stat");
            switch (status.Kind)
            {
                case UnixFileKind.Socket:
                    continue;

                case UnixFileKind.Directory:
                    await WriteDirectoryAsync(directory, name, path, status, cancellationToken).ConfigureAwait(false);
                    continue;

                case UnixFileKind.CharacterDevice when overlay && status.RDevMajor == 0 && status.RDevMinor == 0:
                    // overlayfs' whiteout (whiteouts may share one inode: no hard-link logic for them).
                    await tar.WriteHeaderAsync(Header(status, prefix + Whiteouts.Prefix + name, TarEntryKind.Regular, mode: 0), cancellationToken).ConfigureAwait(false);
                    continue;
            }

            if (status.LinkCount > 1)
            {
                if (_firstNames.TryGetValue(status.FileId, out var first))
                {
                    var link = Header(status, path, TarEntryKind.HardLink);
                    link.LinkName = first;
                    await tar.WriteHeaderAsync(link, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                _firstNames[status.FileId] = path;
            }

            await WriteEntryAsync(directory, name, path, status, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task WriteDirectoryAsync(SafeFileHandle parent, string name, string path, UnixFileStatus status, CancellationToken cancellationToken)
    {
        var errno = AtCalls.OpenSubdirectory(parent, name, out var sub);
        if (errno == Errno.ENOENT)
        {
            return;
        }

        Check(errno, path, "open directory");
        using (sub)
        {
            var header = Header(status, path + "/", TarEntryKind.Directory);
            header.Xattrs = ReadXattrs(sub!, path);
            await tar.WriteHeaderAsync(header, cancellationToken).ConfigureAwait(false);
            if (overlay && IsOpaque(sub!))
            {
                var marker = Header(status, path + "/" + Whiteouts.OpaqueMarker, TarEntryKind.Regular, mode: status.Permissions & 0x1FF);
                await tar.WriteHeaderAsync(marker, cancellationToken).ConfigureAwait(false);
            }

            await ArchiveDirectoryAsync(sub!, path + "/", cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task WriteEntryAsync(SafeFileHandle parent, string name, string path, UnixFileStatus status, CancellationToken cancellationToken)
    {
        if (status.Kind == UnixFileKind.Regular)
        {
            await WriteFileAsync(parent, name, path, status, cancellationToken).ConfigureAwait(false);
            return;
        }

        var kind = status.Kind switch
        {
            UnixFileKind.SymbolicLink => TarEntryKind.SymbolicLink,
            UnixFileKind.CharacterDevice => TarEntryKind.CharacterDevice,
            UnixFileKind.BlockDevice => TarEntryKind.BlockDevice,
            _ => TarEntryKind.Fifo,
        };
        var header = Header(status, path, kind);
        header.Xattrs = ReadXattrs(parent, name, path);
        if (kind == TarEntryKind.SymbolicLink)
        {
            Check(AtCalls.ReadLink(parent, name, out var target), path, "read symbolic link");
            header.LinkName = target;
        }
        else if (kind is TarEntryKind.CharacterDevice or TarEntryKind.BlockDevice)
        {
            header.DeviceMajor = status.RDevMajor;
            header.DeviceMinor = status.RDevMinor;
        }

        await tar.WriteHeaderAsync(header, cancellationToken).ConfigureAwait(false);
    }

    private async Task WriteFileAsync(SafeFileHandle parent, string name, string path, UnixFileStatus status, CancellationToken cancellationToken)
    {
        Check(AtCalls.OpenFile(parent, name, out var file), path, "open file");
        using (file)
        {
            var header = Header(status, path, TarEntryKind.Regular);
            header.Xattrs = ReadXattrs(file!, path);
            header.Size = status.Size;
            await tar.WriteHeaderAsync(header, cancellationToken).ConfigureAwait(false);
            long offset = 0;
            while (offset < status.Size)
            {
                var want = (int)Math.Min(_buffer.Length, status.Size - offset);
                // Local regular-file reads are synchronous on Linux; an async path would only queue the same pread.
                Check(DescriptorCalls.Read(file!, _buffer.AsSpan(0, want), offset, out var got), path, "read");
                if (got == 0)
                {
                    throw new BerthException(ErrorKind.Conflict, $"cannot archive {EntryPath.Quote(path)}: the file shrank while it was read; stop what changes it and retry");
                }

                await tar.WriteDataAsync(_buffer.AsMemory(0, got), cancellationToken).ConfigureAwait(false);
                offset += got;
            }
        }
    }

    /// <summary>A tar header for an entry; every time is <c>fixedTime</c> when one is given (reproducible layers).</summary>
    private TarHeader Header(UnixFileStatus status, string name, TarEntryKind kind, uint? mode = null) => new()
    {
        Name = name,
        Kind = kind,
        Mode = mode ?? status.Permissions,
        Uid = status.Uid,
        Gid = status.Gid,
        ModificationTime = new UnixTime(fixedTime ?? status.ModificationTime.Seconds, 0),
    };

    /// <summary>Attributes of an open file or directory.</summary>
    private static List<KeyValuePair<string, byte[]>>? ReadXattrs(SafeFileHandle file, string path)
    {
        var names = new List<string>();
        var errno = DescriptorCalls.ListExtendedAttributes(file, names);
        return errno == Errno.EOPNOTSUPP || names.Count == 0
            ? null
            : Collect(names, path, errno, key => (DescriptorCalls.GetExtendedAttribute(file, key, out var value), value));
    }

    /// <summary>Attributes of an entry that is not opened (symlinks, devices, fifos).</summary>
    private static List<KeyValuePair<string, byte[]>>? ReadXattrs(SafeFileHandle parent, string name, string path)
    {
        var names = new List<string>();
        var errno = AtCalls.ListExtendedAttributes(parent, name, names);
        return errno is Errno.EOPNOTSUPP or Errno.ENOENT || names.Count == 0
            ? null
            : Collect(names, path, errno, key => (AtCalls.GetExtendedAttribute(parent, name, key, out var value), value));
    }

    /// <summary>containers/storage writes security.capability and security.ima, and user.* but not overlay's own.</summary>
    private static List<KeyValuePair<string, byte[]>>? Collect(List<string> names, string path, Errno listed, Func<string, (Errno, byte[]?)> get)
    {
        Check(listed, path, "list extended attributes");
        List<KeyValuePair<string, byte[]>>? result = null;
        foreach (var key in names)
        {
            var wanted = key is "security.capability" or "security.ima" ||
                (key.StartsWith("user.", StringComparison.Ordinal) && !key.StartsWith("user.overlay.", StringComparison.Ordinal));
            if (!wanted)
            {
                continue;
            }

            var (errno, value) = get(key);
            if (errno == Errno.ENODATA)
            {
                continue;
            }

            Check(errno, path, $"read extended attribute {key}");
            (result ??= []).Add(new(key, value!));
        }

        return result;
    }

    private static bool IsOpaque(SafeFileHandle directory) =>
        IsY(directory, Whiteouts.OverlayOpaqueXattr) || IsY(directory, Whiteouts.UserOverlayOpaqueXattr);

    private static bool IsY(SafeFileHandle directory, string key) =>
        DescriptorCalls.GetExtendedAttribute(directory, key, out var value) == Errno.None && value is [(byte)'y'];

    private static void Check(Errno errno, string path, string action)
    {
        if (errno != Errno.None)
        {
            throw new BerthException(ErrorKind.Internal, $"cannot archive {EntryPath.Quote(path.Length == 0 ? "/" : path)}: {action}: {errno.Message()}");
        }
    }
}

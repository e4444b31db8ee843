using Berth.Archive;
using Berth.Platform;
using Berth.Platform.FileSystem;
using Microsoft.Win32.SafeHandles;

namespace Berth.Build.Copy;

/// <summary>
/// Writes entries into one directory of the root file system (the directory a COPY/ADD extracts into), which acts as
/// '/' for everything written: an entry's directory is reached with openat2 RESOLVE_IN_ROOT from that handle (symlinks
/// already there, absolute or <c>..</c>, resolve inside it as in buildah's chroot), and the entry itself is made with
/// *at() calls on its one name, never following a symlink there (whatever holds the name is replaced, not written
/// through). Missing directories on the way are made 0755 and owned by the default owner. Directory modes and times are
/// set by <see cref="Finish"/>, after their contents, as buildah's copier does.
/// </summary>
internal sealed partial class TargetWriter : IDisposable
{
    private const uint DefaultDirectoryMode = 0b111_101_101;

    private readonly SafeFileHandle _root;
    private readonly bool _throughDanglingLinks;
    private readonly string _display;
    private readonly FileOwner _defaultOwner;
    private readonly CopyOptions _options;
    private readonly List<(string Path, EntryMetadata Metadata)> _directories = [];
    private readonly Dictionary<string, int> _directoryIndex = new(StringComparer.Ordinal);
    private string? _cachedPath;
    private SafeFileHandle? _cached;

    /// <param name="root">The directory written into (taken over: disposed with the writer).</param>
    /// <param name="display">Its path inside the root file system, for messages.</param>
    /// <param name="defaultOwner">The owner of directories made because they were missing.</param>
    /// <param name="options">The copy's options.</param>
    /// <param name="throughDanglingLinks">Make the target of a dangling symlink met on the way (inside this directory)
    /// and go through it: buildah does so for the destination itself, never for entries below it.</param>
    public TargetWriter(SafeFileHandle root, string display, FileOwner defaultOwner, CopyOptions options, bool throughDanglingLinks = false)
    {
        _throughDanglingLinks = throughDanglingLinks;
        _root = root;
        _display = display;
        _defaultOwner = defaultOwner;
        _options = options;
    }

    public long Entries { get; private set; }

    public long Bytes { get; private set; }

    /// <summary>The path inside the root file system of an entry (relative to the writer's directory).</summary>
    public string Display(string path) => path.Length == 0 ? _display : _display.TrimEnd('/') + "/" + path;

    /// <summary>
    /// The directory <paramref name="path"/> (relative, cleaned), made with its missing parents when missing. Throws
    /// when a non-directory or a dangling symlink is in the way. The handle stays valid until the next call.
    /// </summary>
    public SafeFileHandle Directory(string path)
    {
        if (path.Length == 0)
        {
            return _root;
        }

        if (_cached is not null && _cachedPath == path)
        {
            return _cached;
        }

        var handle = OpenOrCreate(path);
        _cached?.Dispose();
        _cached = handle;
        _cachedPath = path;
        return handle;
    }

    /// <summary>Makes the directory <paramref name="path"/> or keeps the one there (anything else holding the name is
    /// replaced); its owner is set now, its mode and times by <see cref="Finish"/>.</summary>
    public void MakeDirectory(string path, EntryMetadata metadata)
    {
        if (path.Length == 0)
        {
            Check(AtCalls.ChangeOwner(_root, ".", metadata.Uid, metadata.Gid), path, "change owner");
            Remember(path, metadata);
            return;
        }

        var parent = Directory(EntryPath.Parent(path));
        var name = EntryPath.Leaf(path);
        var errno = AtCalls.MakeDirectory(parent, name, 0b111_000_000);
        if (errno == Errno.EEXIST)
        {
            if (AtCalls.Stat(parent, name, out var existing) == Errno.None && existing.Kind == UnixFileKind.Directory)
            {
                errno = Errno.None;
            }
            else
            {
                RemoveAll(parent, name, path);
                errno = AtCalls.MakeDirectory(parent, name, 0b111_000_000);
            }
        }

        Check(errno, path, "create directory");
        Check(AtCalls.ChangeOwner(parent, name, metadata.Uid, metadata.Gid), path, "change owner");
        SetXattrs(parent, name, null, path, metadata);
        Remember(path, metadata);
        Entries++;
    }

    /// <summary>A new empty regular file at <paramref name="path"/> (mode 0600 until <see cref="FinishFile"/>), replacing
    /// whatever held the name. The caller writes it from offset 0 and disposes it.</summary>
    public SafeFileHandle CreateFile(string path)
    {
        var parent = Directory(EntryPath.Parent(path));
        var name = EntryPath.Leaf(path);
        var errno = AtCalls.CreateFile(parent, name, out var file);
        if (errno == Errno.EEXIST)
        {
            RemoveAll(parent, name, path);
            errno = AtCalls.CreateFile(parent, name, out file);
        }

        Check(errno, path, "create file");
        return file!;
    }

    /// <summary>Owner, then mode (after chown, which clears setuid/setgid), extended attributes, then times.</summary>
    public void FinishFile(SafeFileHandle file, string path, EntryMetadata metadata, long bytes)
    {
        Check(DescriptorCalls.ChangeOwner(file, metadata.Uid, metadata.Gid), path, "change owner");
        Check(DescriptorCalls.ChangeMode(file, metadata.Mode), path, "change mode");
        SetXattrs(null, null, file, path, metadata);
        Check(DescriptorCalls.SetTimes(file, metadata.Access, metadata.Modification), path, "set times");
        Entries++;
        Bytes += bytes;
    }

    /// <summary>A symbolic link holding <paramref name="target"/> as it is (its text is data; nothing here follows it).</summary>
    public void Symlink(string path, string target, EntryMetadata metadata)
    {
        if (target.Contains('\0', StringComparison.Ordinal))
        {
            throw BerthException.InvalidArgument($"cannot copy to {EntryPath.Quote(Display(path))}: the symbolic link target holds a NUL character");
        }

        var parent = Directory(EntryPath.Parent(path));
        var name = EntryPath.Leaf(path);
        var errno = AtCalls.CreateSymbolicLink(parent, name, target);
        if (errno == Errno.EEXIST)
        {
            RemoveAll(parent, name, path);
            errno = AtCalls.CreateSymbolicLink(parent, name, target);
        }

        Check(errno, path, "create symbolic link");
        Check(AtCalls.ChangeOwner(parent, name, metadata.Uid, metadata.Gid), path, "change owner");
        SetXattrs(parent, name, null, path, metadata);
        Check(AtCalls.SetTimes(parent, name, metadata.Access, metadata.Modification), path, "set times");
        Entries++;
    }

    /// <summary>
    /// A hard link at <paramref name="path"/> to the entry <paramref name="target"/> (relative to this directory, already
    /// written): the target's directory is resolved inside this directory and its last component is not followed, so a
    /// link can only ever join something inside it.
    /// </summary>
    public void HardLink(string path, string target, EntryMetadata? metadata)
    {
        if (target.Length == 0)
        {
            throw BerthException.InvalidArgument($"cannot copy to {EntryPath.Quote(Display(path))}: a hard link to the destination directory itself");
        }

        using var targetParent = TryOpen(EntryPath.Parent(target)) ??
            throw BerthException.InvalidArgument($"cannot copy to {EntryPath.Quote(Display(path))}: hard link target {EntryPath.Quote(Display(target))} does not exist");
        var parent = Directory(EntryPath.Parent(path));
        var name = EntryPath.Leaf(path);
        var errno = AtCalls.CreateHardLink(targetParent, EntryPath.Leaf(target), parent, name);
        if (errno == Errno.EEXIST)
        {
            RemoveAll(parent, name, path);
            errno = AtCalls.CreateHardLink(targetParent, EntryPath.Leaf(target), parent, name);
        }

        if (errno is Errno.ENOENT or Errno.EPERM)
        {
            throw BerthException.InvalidArgument(
                $"cannot copy to {EntryPath.Quote(Display(path))}: hard link target {EntryPath.Quote(Display(target))} does not exist or is a directory");
        }

        Check(errno, path, "create hard link");
        if (metadata is { } m && AtCalls.Stat(parent, name, out var linked) == Errno.None)
        {
            Check(AtCalls.ChangeOwner(parent, name, m.Uid, m.Gid), path, "change owner");
            if (linked.Kind != UnixFileKind.SymbolicLink)
            {
                Check(AtCalls.ChangeMode(parent, name, m.Mode), path, "change mode");
            }

            Check(AtCalls.SetTimes(parent, name, m.Access, m.Modification), path, "set times");
        }

        Entries++;
    }

    /// <summary>A fifo or device node; devices are skipped in a user namespace, which cannot make them.</summary>
    public void Node(string path, UnixFileKind kind, uint major, uint minor, EntryMetadata metadata)
    {
        if (kind is UnixFileKind.CharacterDevice or UnixFileKind.BlockDevice && _options.InUserNamespace)
        {
            return;
        }

        var parent = Directory(EntryPath.Parent(path));
        var name = EntryPath.Leaf(path);
        var errno = AtCalls.MakeNode(parent, name, kind, 0b110_000_000, major, minor);
        if (errno == Errno.EEXIST)
        {
            RemoveAll(parent, name, path);
            errno = AtCalls.MakeNode(parent, name, kind, 0b110_000_000, major, minor);
        }

        Check(errno, path, kind == UnixFileKind.Fifo ? "create fifo" : "create device node");
        Check(AtCalls.ChangeOwner(parent, name, metadata.Uid, metadata.Gid), path, "change owner");
        Check(AtCalls.ChangeMode(parent, name, metadata.Mode), path, "change mode");
        SetXattrs(parent, name, null, path, metadata);
        Check(AtCalls.SetTimes(parent, name, metadata.Access, metadata.Modification), path, "set times");
        Entries++;
    }

    /// <summary>Sets directory modes and times, deepest last-written first, now that nothing more is written inside.</summary>
    public void Finish()
    {
        for (var i = _directories.Count - 1; i >= 0; i--)
        {
            var (path, metadata) = _directories[i];
            using var parent = path.Length == 0 ? null : TryOpen(EntryPath.Parent(path));
            var directory = path.Length == 0 ? _root : parent;
            var name = path.Length == 0 ? "." : EntryPath.Leaf(path);
            if (directory is null || AtCalls.Stat(directory, name, out var status) != Errno.None || status.Kind != UnixFileKind.Directory)
            {
                continue;
            }

            Check(AtCalls.ChangeMode(directory, name, metadata.Mode), path, "change mode");
            Check(AtCalls.SetTimes(directory, name, metadata.Access, metadata.Modification), path, "set times");
        }

        _directories.Clear();
        _directoryIndex.Clear();
    }

    /// <summary>A directory met twice (an archive may list it again) keeps its first place and its last metadata.</summary>
    private void Remember(string path, EntryMetadata metadata)
    {
        if (_directoryIndex.TryGetValue(path, out var index))
        {
            _directories[index] = (path, metadata);
            return;
        }

        _directoryIndex[path] = _directories.Count;
        _directories.Add((path, metadata));
    }

    public void Dispose()
    {
        _cached?.Dispose();
        _root.Dispose();
    }
}

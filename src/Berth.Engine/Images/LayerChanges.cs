using Berth.Platform;

namespace Berth.Engine.Images;

/// <summary>containers/storage's archive.ChangeType: C (modified), A (added), D (deleted).</summary>
public enum FileChangeKind
{
    Modify,
    Add,
    Delete,
}

/// <summary>One line of <c>podman diff</c>: a path and what happened to it.</summary>
public readonly record struct FileChange(string Path, FileChangeKind Kind)
{
    public string Letter => Kind switch
    {
        FileChangeKind.Modify => "C",
        FileChangeKind.Add => "A",
        _ => "D",
    };

    public override string ToString() => Letter + " " + Path;
}

/// <summary>
/// The changes between two root file systems, computed the two ways containers/storage does
/// (pkg/archive/changes.go), then sorted by path:
/// <list type="bullet">
/// <item><see cref="OverlayLayer"/>: overlay's native diff — walk one layer's own directory against the layers below
/// (a whiteout is a delete, an opaque directory that hid a lower one is a delete too, anything else is an add or, when
/// the lower tree has it, a modify; unchanged directories are skipped; parents of adds and deletes are modifies).</item>
/// <item><see cref="Compare"/>: the naive diff of two complete trees (mode, owner, device, and for non-directories
/// size and mtime, plus extended attributes), used between two images and for vfs layers.</item>
/// </list>
/// podman leaves out a few paths a container runtime creates (<see cref="RuntimePaths"/>); so does this.
/// </summary>
public static class LayerChanges
{
    /// <summary>libpod's initInodes: paths podman never reports in a diff.</summary>
    public static readonly IReadOnlySet<string> RuntimePaths = new HashSet<string>(StringComparer.Ordinal)
    {
        "/dev", "/etc/hostname", "/etc/hosts", "/etc/resolv.conf", "/proc", "/run", "/run/notify", "/run/.containerenv",
        "/run/secrets", "/run/podman-init", "/sys", "/etc/mtab",
    };

    /// <summary>The changes one overlay-format layer directory makes on top of <paramref name="lower"/>.</summary>
    public static IReadOnlyList<FileChange> OverlayLayer(string layerDirectory, FileTree lower, CancellationToken cancellationToken)
    {
        var changes = new List<FileChange>();
        var changedDirectories = new HashSet<string>(StringComparer.Ordinal);
        Walk(layerDirectory, "", lower, changes, changedDirectories, cancellationToken);
        return Finish(changes);
    }

    /// <summary>The changes that turn <paramref name="from"/> into <paramref name="to"/>.</summary>
    public static IReadOnlyList<FileChange> Compare(FileTree from, FileTree to)
    {
        var changes = new List<FileChange>();
        AddChanges(to.Root, "", from.Root, added: false, changes);
        return Finish(changes);
    }

    private static List<FileChange> Finish(List<FileChange> changes)
    {
        var result = changes.Where(c => !RuntimePaths.Contains(c.Path)).ToList();
        result.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
        return result;
    }

    private static void Walk(string directory, string relative, FileTree lower, List<FileChange> changes, HashSet<string> changedDirectories, CancellationToken cancellationToken)
    {
        foreach (var name in FileTree.SortedNames(directory))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var full = Path.Combine(directory, name);
            var path = relative + "/" + name;
            var status = UnixFileSystem.Stat(full);
            var isDirectory = status.Kind == UnixFileKind.Directory;
            FileChangeKind kind;
            if (FileTree.IsWhiteout(status) || (isDirectory && FileTree.IsOpaque(full) && lower.Find(path) is not null))
            {
                kind = FileChangeKind.Delete;
            }
            else if (lower.Find(path) is { } existing)
            {
                // A directory that is there below with the same size, mode and mtime was only a parent of changes.
                if (isDirectory && existing.IsDirectory && existing.Status.Size == status.Size &&
                    existing.Status.Permissions == status.Permissions && SameTime(existing.Status.ModificationTime, status.ModificationTime))
                {
                    Walk(full, path, lower, changes, changedDirectories, cancellationToken);
                    continue;
                }

                kind = FileChangeKind.Modify;
            }
            else
            {
                kind = FileChangeKind.Add;
            }

            if (isDirectory)
            {
                changedDirectories.Add(path);
            }

            if (kind != FileChangeKind.Modify)
            {
                // Parents of an add or a delete are modified, even when their own metadata is not.
                var tail = new List<FileChange>();
                for (var parent = ParentOf(path); parent != "/"; parent = ParentOf(parent))
                {
                    if (changedDirectories.Add(parent))
                    {
                        tail.Insert(0, new FileChange(parent, FileChangeKind.Modify));
                    }
                }

                changes.AddRange(tail);
            }

            changes.Add(new FileChange(path, kind));
            if (isDirectory)
            {
                Walk(full, path, lower, changes, changedDirectories, cancellationToken);
            }
        }
    }

    /// <summary>FileInfo.addChanges: an entry missing below is an add (with everything under it); a directory with changes under it is a modify.</summary>
    private static void AddChanges(FileNode node, string path, FileNode? old, bool added, List<FileChange> changes)
    {
        var sizeAtEntry = changes.Count;
        if (old is null && path.Length > 0)
        {
            changes.Add(new FileChange(path, FileChangeKind.Add));
            added = true;
        }

        var oldChildren = old is not null && node.IsDirectory && old.Children is not null
            ? new Dictionary<string, FileNode>(old.Children, StringComparer.Ordinal)
            : [];
        foreach (var (name, child) in node.Children ?? [])
        {
            var childPath = path + "/" + name;
            var childAdded = false;
            if (oldChildren.Remove(name, out var oldChild))
            {
                if (StatDifferent(oldChild.Status, child.Status) || !SameAttributes(oldChild.Attributes, child.Attributes))
                {
                    changes.Add(new FileChange(childPath, FileChangeKind.Modify));
                    childAdded = true;
                }
            }

            AddChanges(child, childPath, oldChild, childAdded, changes);
        }

        foreach (var name in oldChildren.Keys)
        {
            changes.Add(new FileChange(path + "/" + name, FileChangeKind.Delete));
        }

        if (changes.Count > sizeAtEntry && node.IsDirectory && !added && path.Length > 0)
        {
            changes.Insert(sizeAtEntry, new FileChange(path, FileChangeKind.Modify));
        }
    }

    /// <summary>statDifferent: mode, owner and device always; size and mtime only for non-directories.</summary>
    private static bool StatDifferent(UnixFileStatus old, UnixFileStatus now) =>
        old.Kind != now.Kind || old.Permissions != now.Permissions || old.Uid != now.Uid || old.Gid != now.Gid ||
        old.RDevMajor != now.RDevMajor || old.RDevMinor != now.RDevMinor ||
        (now.Kind != UnixFileKind.Directory && (!SameTime(old.ModificationTime, now.ModificationTime) || old.Size != now.Size));

    /// <summary>Tar keeps whole seconds: equal times, or equal seconds with either side at zero nanoseconds.</summary>
    private static bool SameTime(UnixTime a, UnixTime b) =>
        a.Seconds == b.Seconds && (a.Nanoseconds == b.Nanoseconds || a.Nanoseconds == 0 || b.Nanoseconds == 0);

    private static bool SameAttributes(IReadOnlyDictionary<string, string> a, IReadOnlyDictionary<string, string> b) =>
        a.Count == b.Count && a.All(kv => b.TryGetValue(kv.Key, out var v) && v == kv.Value);

    private static string ParentOf(string path)
    {
        var slash = path.LastIndexOf('/');
        return slash <= 0 ? "/" : path[..slash];
    }
}

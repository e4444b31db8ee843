using Berth.Platform;

namespace Berth.Engine.Images;

/// <summary>
/// An in-memory view of a root file system made of layer directories: what <c>lstat</c> says about each entry, and its
/// extended attributes. Built from overlay-format layers (deletions as 0:0 character devices, opaque directories as
/// <c>trusted.overlay.opaque=y</c>) or from one complete directory (vfs). Used to compute image diffs without mounting.
/// </summary>
public sealed class FileTree
{
    private const string OpaqueAttribute = "trusted.overlay.opaque";

    private FileTree(FileNode root)
    {
        Root = root;
    }

    public FileNode Root { get; }

    /// <summary>An empty root (the parent of a base layer).</summary>
    public static FileTree Empty() => new(FileNode.NewRoot());

    /// <summary>One complete directory tree (a vfs layer), taken as it is.</summary>
    public static FileTree FromDirectory(string directory, CancellationToken cancellationToken)
    {
        var root = FileNode.NewRoot();
        Merge(root, directory, overlayFormat: false, attributes: true, cancellationToken);
        return new FileTree(root);
    }

    /// <summary>
    /// The merged view of overlay-format layer directories, given top first (overlay's lowerdir order). Without
    /// <paramref name="attributes"/> extended attributes are not read (overlay's native diff only asks what exists).
    /// </summary>
    public static FileTree FromOverlayLayers(IReadOnlyList<string> layersTopFirst, bool attributes, CancellationToken cancellationToken)
    {
        var root = FileNode.NewRoot();
        for (var i = layersTopFirst.Count - 1; i >= 0; i--)
        {
            Merge(root, layersTopFirst[i], overlayFormat: true, attributes, cancellationToken);
        }

        return new FileTree(root);
    }

    /// <summary>The entry at an absolute path (<c>/etc/passwd</c>), or null.</summary>
    public FileNode? Find(string path)
    {
        var node = Root;
        foreach (var part in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (node.Children is null || !node.Children.TryGetValue(part, out var child))
            {
                return null;
            }

            node = child;
        }

        return node;
    }

    /// <summary>A 0:0 character device: overlay's mark for a deleted path.</summary>
    internal static bool IsWhiteout(UnixFileStatus status) =>
        status.Kind == UnixFileKind.CharacterDevice && status.RDevMajor == 0 && status.RDevMinor == 0;

    internal static bool IsOpaque(string path) =>
        UnixFileSystem.GetExtendedAttribute(path, OpaqueAttribute) is [(byte)'y'];

    /// <summary>The entry's extended attributes except overlay's own markers.</summary>
    internal static IReadOnlyDictionary<string, string> Attributes(string path)
    {
        var names = UnixFileSystem.ListExtendedAttributes(path);
        if (names.Count == 0)
        {
            return FileNode.NoAttributes;
        }

        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in names)
        {
            if (!name.StartsWith("trusted.overlay.", StringComparison.Ordinal))
            {
                result[name] = Convert.ToBase64String(UnixFileSystem.GetExtendedAttribute(path, name) ?? []);
            }
        }

        return result;
    }

    /// <summary>Entry names of a directory in byte order (filepath.Walk's order).</summary>
    internal static List<string> SortedNames(string directory)
    {
        var names = Directory.EnumerateFileSystemEntries(directory, "*", new EnumerationOptions { AttributesToSkip = 0, RecurseSubdirectories = false })
            .Select(Path.GetFileName)
            .ToList();
        names.Sort(StringComparer.Ordinal);
        return names!;
    }

    private static void Merge(FileNode target, string directory, bool overlayFormat, bool attributes, CancellationToken cancellationToken)
    {
        foreach (var name in SortedNames(directory))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var path = Path.Combine(directory, name);
            var status = UnixFileSystem.Stat(path);
            var children = target.Children!;
            if (overlayFormat && IsWhiteout(status))
            {
                children.Remove(name);
                continue;
            }

            if (status.Kind == UnixFileKind.Directory)
            {
                var keep = children.TryGetValue(name, out var existing) && existing.Children is not null && !(overlayFormat && IsOpaque(path));
                var node = new FileNode(status, attributes ? Attributes(path) : FileNode.NoAttributes, keep ? existing!.Children : new SortedDictionary<string, FileNode>(StringComparer.Ordinal));
                children[name] = node;
                Merge(node, path, overlayFormat, attributes, cancellationToken);
            }
            else
            {
                children[name] = new FileNode(status, attributes ? Attributes(path) : FileNode.NoAttributes, null);
            }
        }
    }
}

/// <summary>One entry of a <see cref="FileTree"/>: its lstat, extended attributes and, for a directory, children by name.</summary>
public sealed class FileNode(UnixFileStatus status, IReadOnlyDictionary<string, string> attributes, SortedDictionary<string, FileNode>? children)
{
    internal static readonly IReadOnlyDictionary<string, string> NoAttributes = new SortedDictionary<string, string>(StringComparer.Ordinal);

    public UnixFileStatus Status { get; } = status;

    public IReadOnlyDictionary<string, string> Attributes { get; } = attributes;

    /// <summary>Children by name (byte order) for a directory; null otherwise.</summary>
    public SortedDictionary<string, FileNode>? Children { get; } = children;

    public bool IsDirectory => Children is not null;

    internal static FileNode NewRoot() =>
        new(default(UnixFileStatus) with { Kind = UnixFileKind.Directory }, NoAttributes, new SortedDictionary<string, FileNode>(StringComparer.Ordinal));
}

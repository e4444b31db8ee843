using System.Globalization;
using Berth.Platform;

namespace Berth.Storage.Staging;

/// <summary>
/// The graph root's <c>tmp/</c>: every piece of work in progress (a blob being written, a layer being populated, a
/// removed layer being deleted) lives here under a name that says which process owns it —
/// <c>&lt;kind&gt;.&lt;pid&gt;.&lt;start-time&gt;.&lt;random&gt;</c> — so that the leftovers of a killed process can be told
/// from the work of a live one and removed.
/// </summary>
internal sealed class StagingArea
{
    public StagingArea(string directory)
    {
        Directory = directory;
    }

    public string Directory { get; }

    /// <summary>A fresh, not yet existing path for <paramref name="kind"/> (letters and dashes) owned by this process.</summary>
    public string NewPath(string kind)
    {
        // Uniqueness, not secrecy (the owner is in the name too): Random, not RandomNumberGenerator, whose first use
        // loads and configures OpenSSL (milliseconds every command that opens the store would pay).
        Span<byte> random = stackalloc byte[6];
        Random.Shared.NextBytes(random);
        return Path.Combine(Directory, $"{kind}.{ProcessIdentity.Current}.{Convert.ToHexStringLower(random)}");
    }

    /// <summary>Creates a fresh 0700 directory for <paramref name="kind"/>.</summary>
    public string CreateDirectory(string kind)
    {
        var path = NewPath(kind);
        System.IO.Directory.CreateDirectory(path, StoreLayout.DirectoryMode);
        return path;
    }

    /// <summary>The owner encoded in a staging entry's name, or null when the name is not one of ours.</summary>
    public static (string Kind, ProcessIdentity Owner)? ParseName(string name)
    {
        var parts = name.Split('.');
        if (parts.Length != 4 ||
            !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ||
            !ulong.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var start))
        {
            return null;
        }

        return (parts[0], new ProcessIdentity(pid, start));
    }

    /// <summary>
    /// Removes entries whose owner is gone (and, with <paramref name="everything"/>, all entries but this process's own:
    /// only when no other process has the store open). Entries of kinds in <paramref name="keepKinds"/> are left alone.
    /// Returns the entries removed.
    /// </summary>
    public IReadOnlyList<string> RemoveLeftovers(bool everything, IReadOnlySet<string> keepKinds)
    {
        var removed = new List<string>();
        if (!System.IO.Directory.Exists(Directory))
        {
            return removed;
        }

        foreach (var entry in System.IO.Directory.EnumerateFileSystemEntries(Directory, "*", Tree.AllEntries))
        {
            var parsed = ParseName(Path.GetFileName(entry));
            if (parsed is { } p && (keepKinds.Contains(p.Kind) || p.Owner == ProcessIdentity.Current))
            {
                continue;
            }

            if (parsed is { } q && !everything && q.Owner.IsAlive)
            {
                continue;
            }

            if (Tree.TryRemove(entry))
            {
                removed.Add(entry);
            }
        }

        return removed;
    }
}

/// <summary>Deleting trees that may hold mounts, device nodes and read-only directories.</summary>
internal static class Tree
{
    /// <summary>Enumerate everything: .NET skips "hidden" (dot) files by default.</summary>
    public static readonly EnumerationOptions AllEntries = new()
    {
        AttributesToSkip = 0,
        IgnoreInaccessible = false,
        RecurseSubdirectories = false,
        ReturnSpecialDirectories = false,
    };

    /// <summary>Cleanup that must not stop the store from opening: false when the entry could not be removed (it is retried next time).</summary>
    public static bool TryRemove(string path)
    {
        try
        {
            Remove(path);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>Removes a file or a directory tree; mounts left below it (a killed probe or container) are detached first.</summary>
    public static void Remove(string path)
    {
        var status = UnixFileSystem.TryStat(path);
        if (status is null)
        {
            return;
        }

        if (status.Value.Kind != UnixFileKind.Directory)
        {
            File.Delete(path);
            return;
        }

        foreach (var mountPoint in KernelMounts.MountPointsUnder(path))
        {
            KernelMounts.Unmount(mountPoint, detach: true);
        }

        Directory.Delete(path, recursive: true);
    }
}

using System.Formats.Tar;
using Berth.Archive;

namespace Berth.Engine.Volumes;

/// <summary>
/// The first pass of <c>volume import</c>: reads the whole archive (decompressed, data skipped) and refuses it before
/// anything is written when an entry would leave the volume or write through a link — an absolute name, a name that
/// climbs out with <c>..</c>, a hard link to such a name, a symbolic link whose relative target climbs out of the
/// volume, an entry below a symbolic link (one the archive made, or one already in the volume that no earlier entry
/// replaced) — or is a whiteout (<c>.wh.</c> names, which the extraction would turn into deletions), or when the
/// archive is not a complete tar. Absolute symbolic link targets are content (they mean the container's paths) and
/// pass. The extraction itself (LayerApplier, openat2 RESOLVE_IN_ROOT) cannot leave the volume either; this pass makes
/// a refused archive change nothing.
/// </summary>
internal static class VolumeImportCheck
{
    public static async Task CheckAsync(Stream archive, string dataDirectory, CancellationToken cancellationToken)
    {
        var (_, decompressed) = await Decompression.OpenDetectedAsync(archive, leaveOpen: true, cancellationToken).ConfigureAwait(false);
        await using (decompressed.ConfigureAwait(false))
        {
            var links = new HashSet<string>(StringComparer.Ordinal);
            var replaced = new HashSet<string>(StringComparer.Ordinal);
            var onDisk = new Dictionary<string, bool>(StringComparer.Ordinal);
            var reader = new TarReader(decompressed, leaveOpen: true);
            await using (reader.ConfigureAwait(false))
            {
                while (await NextAsync(reader, cancellationToken).ConfigureAwait(false) is { } entry)
                {
                    if (entry.EntryType is TarEntryType.GlobalExtendedAttributes)
                    {
                        continue;
                    }

                    var path = Relative(entry.Name) ?? throw Refused(entry.Name, "leaves the volume (an absolute name or one that climbs out with ..)");
                    if (path.Length == 0)
                    {
                        continue;
                    }

                    var leaf = path[(path.LastIndexOf('/') + 1)..];
                    if (leaf.StartsWith(".wh.", StringComparison.Ordinal))
                    {
                        throw Refused(entry.Name, "is a whiteout, which a volume cannot hold");
                    }

                    if (ThroughLink(path) is { } link)
                    {
                        throw Refused(entry.Name, $"would be written through the symbolic link \"{link}\"");
                    }

                    switch (entry.EntryType)
                    {
                        case TarEntryType.SymbolicLink:
                            if (entry.LinkName.Contains('\0', StringComparison.Ordinal)
                                || (!entry.LinkName.StartsWith('/') && Relative(Parent(path) + "/" + entry.LinkName, allowRootParent: true) is null))
                            {
                                throw Refused(entry.Name, $"is a symbolic link to \"{entry.LinkName}\", which points outside the volume");
                            }

                            links.Add(path);
                            replaced.Add(path);
                            break;
                        case TarEntryType.HardLink:
                            var target = Relative(entry.LinkName);
                            if (target is null or "" || ThroughLink(target) is not null)
                            {
                                throw Refused(entry.Name, $"is a hard link to \"{entry.LinkName}\", which points outside the volume or through a symbolic link");
                            }

                            links.Remove(path);
                            replaced.Add(path);
                            break;
                        default:
                            links.Remove(path);
                            replaced.Add(path);
                            break;
                    }
                }
            }

            string? ThroughLink(string path)
            {
                for (var slash = path.IndexOf('/'); slash >= 0; slash = path.IndexOf('/', slash + 1))
                {
                    var prefix = path[..slash];
                    if (links.Contains(prefix))
                    {
                        return prefix;
                    }

                    if (!replaced.Contains(prefix) && IsSymlinkOnDisk(dataDirectory, prefix, onDisk))
                    {
                        return prefix;
                    }
                }

                return null;
            }
        }
    }

    /// <summary>
    /// A tar name as a clean path relative to the volume ("" for the volume itself), or null when it is absolute, holds a
    /// NUL, or climbs above the volume. With <paramref name="allowRootParent"/> a leading "/" is the volume (for link targets joined onto a parent).
    /// </summary>
    internal static string? Relative(string name, bool allowRootParent = false)
    {
        if (name.Contains('\0', StringComparison.Ordinal) || (name.StartsWith('/') && !allowRootParent))
        {
            return null;
        }

        var parts = new List<string>();
        foreach (var part in name.Split('/'))
        {
            switch (part)
            {
                case "" or ".":
                    continue;
                case "..":
                    if (parts.Count == 0)
                    {
                        return null;
                    }

                    parts.RemoveAt(parts.Count - 1);
                    continue;
                default:
                    parts.Add(part);
                    continue;
            }
        }

        return string.Join('/', parts);
    }

    private static string Parent(string path) => path.LastIndexOf('/') is var i and >= 0 ? path[..i] : "";

    private static bool IsSymlinkOnDisk(string dataDirectory, string prefix, Dictionary<string, bool> cache)
    {
        if (!cache.TryGetValue(prefix, out var isLink))
        {
            try
            {
                // LinkTarget reads the link itself (lstat), null for anything else or nothing.
                isLink = new FileInfo(Path.Combine(dataDirectory, prefix)).LinkTarget is not null;
            }
            catch (IOException)
            {
                isLink = false;
            }

            cache[prefix] = isLink;
        }

        return isLink;
    }

    private static async ValueTask<TarEntry?> NextAsync(TarReader reader, CancellationToken cancellationToken)
    {
        try
        {
            return await reader.GetNextEntryAsync(copyData: false, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException or FormatException or ArgumentException or ZstdSharp.ZstdException)
        {
            throw new BerthException(ErrorKind.InvalidArgument, $"the archive is not a complete tar archive: {e.Message}", e);
        }
    }

    private static BerthException Refused(string entry, string why) =>
        new(ErrorKind.InvalidArgument, $"tar entry \"{entry}\" {why}: refusing to import the archive");
}

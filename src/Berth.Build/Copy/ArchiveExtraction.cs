using Berth.Archive;
using Berth.Archive.Tar;
using Berth.Platform;
using Berth.Platform.FileSystem;

namespace Berth.Build.Copy;

/// <summary>
/// Extracts a local archive for ADD into a <see cref="TargetWriter"/> the way buildah's copier puts one (it chroots into
/// the destination directory): names are cleaned and taken from the destination as root, so <c>../x</c> and <c>/x</c>
/// land at <c>x</c> inside it; symlinks are made as written and, when later entries go through them, resolve inside the
/// destination; hard links join only entries inside it. Entries keep the archive's owners, modes (setuid included) and
/// times: <c>--chown</c> and <c>--chmod</c> do not apply to them. Whiteouts are honoured: buildah writes <c>.wh.name</c>
/// files as they are, and they delete <c>name</c> once the layer is committed; here they delete it at once, which gives
/// the same image.
/// </summary>
internal sealed class ArchiveExtraction(TargetWriter writer)
{
    private readonly HashSet<string> _written = new(StringComparer.Ordinal);

    /// <summary>Extracts the tar <paramref name="tar"/> (decompressed) into <paramref name="prefix"/> (relative to the writer).</summary>
    public async Task ExtractAsync(Stream tar, string prefix, string archiveName, CancellationToken cancellationToken)
    {
        using var reader = new TarStreamReader(tar);
        try
        {
            while (await reader.ReadNextAsync(cancellationToken).ConfigureAwait(false) is { } header)
            {
                cancellationToken.ThrowIfCancellationRequested();
                await ApplyAsync(header, reader, prefix, archiveName, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException or ZstdSharp.ZstdException)
        {
            throw CopyErrors.Archive(archiveName, $"the archive is corrupt: {e.Message}");
        }
    }

    private async Task ApplyAsync(TarHeader header, TarStreamReader reader, string prefix, string archiveName, CancellationToken cancellationToken)
    {
        // Rooted cleaning never climbs above the destination.
        var name = EntryPath.Clean("/" + header.Name) ?? throw CopyErrors.Archive(archiveName, $"entry {EntryPath.Quote(header.Name)} has a NUL character in its name");
        var path = EntryPath.Join(prefix, name);
        var leaf = EntryPath.Leaf(name);
        if (leaf.StartsWith(Whiteouts.Prefix, StringComparison.Ordinal))
        {
            ApplyWhiteout(EntryPath.Join(prefix, EntryPath.Parent(name)), leaf);
            return;
        }

        var metadata = Metadata(header, archiveName);
        if (path.Length == 0 && header.Kind != TarEntryKind.Directory)
        {
            throw CopyErrors.Archive(archiveName, $"entry {EntryPath.Quote(header.Name)} would replace the destination directory with a non-directory");
        }

        switch (header.Kind)
        {
            case TarEntryKind.Regular:
                using (var file = writer.CreateFile(path))
                {
                    long offset = 0;
                    while (true)
                    {
                        var chunk = await reader.ReadDataAsync(cancellationToken).ConfigureAwait(false);
                        if (chunk.IsEmpty)
                        {
                            break;
                        }

                        var errno = DescriptorCalls.Write(file, chunk.Span, offset);
                        if (errno != Errno.None)
                        {
                            throw CopyErrors.Io(writer.Display(path), "write file", errno);
                        }

                        offset += chunk.Length;
                    }

                    writer.FinishFile(file, path, metadata, offset);
                }

                break;

            case TarEntryKind.Directory:
                writer.MakeDirectory(path, metadata);
                break;

            case TarEntryKind.SymbolicLink:
                writer.Symlink(path, header.LinkName, metadata);
                break;

            case TarEntryKind.HardLink:
                var target = EntryPath.Clean("/" + header.LinkName) ??
                    throw CopyErrors.Archive(archiveName, $"entry {EntryPath.Quote(header.Name)} links to a name with a NUL character");
                writer.HardLink(path, EntryPath.Join(prefix, target), metadata);
                break;

            case TarEntryKind.CharacterDevice:
                writer.Node(path, UnixFileKind.CharacterDevice, header.DeviceMajor, header.DeviceMinor, metadata);
                break;

            case TarEntryKind.BlockDevice:
                writer.Node(path, UnixFileKind.BlockDevice, header.DeviceMajor, header.DeviceMinor, metadata);
                break;

            default:
                writer.Node(path, UnixFileKind.Fifo, 0, 0, metadata);
                break;
        }

        _written.Add(path);
    }

    private void ApplyWhiteout(string directory, string leaf)
    {
        if (leaf == Whiteouts.OpaqueMarker)
        {
            writer.RemoveAllExcept(directory, _written);
        }
        else if (!leaf.StartsWith(Whiteouts.MetaPrefix, StringComparison.Ordinal))
        {
            writer.Remove(EntryPath.Join(directory, leaf[Whiteouts.Prefix.Length..]));
        }
    }

    /// <summary>The archive's own metadata; the access time is never before the modification time (buildah).</summary>
    private EntryMetadata Metadata(TarHeader header, string archiveName)
    {
        if (header.Uid is < 0 or > uint.MaxValue - 1 || header.Gid is < 0 or > uint.MaxValue - 1)
        {
            throw CopyErrors.Archive(archiveName, $"entry {EntryPath.Quote(header.Name)} has owner {header.Uid}:{header.Gid}, which is not a valid ID");
        }

        var modification = header.ModificationTime;
        var access = header.AccessTime is { } a && Later(a, modification) ? a : modification;
        return new EntryMetadata((uint)header.Uid, (uint)header.Gid, header.Mode & 0xFFF, access, modification, header.Xattrs);
    }

    private static bool Later(UnixTime a, UnixTime b) => a.Seconds != b.Seconds ? a.Seconds > b.Seconds : a.Nanoseconds > b.Nanoseconds;
}

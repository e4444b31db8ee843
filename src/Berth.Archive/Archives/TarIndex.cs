using Berth.Archive.Tar;
using Berth.Oci;
using Microsoft.Win32.SafeHandles;

namespace Berth.Archive;

/// <summary>
/// Random access to the files of a tar archive on disk (docker-archive, oci-archive) without extracting it: one scan
/// records where each entry's data is, then files are read in place. A compressed archive is first decompressed to a
/// temporary file (removed on dispose), as containers/image does. Names are cleaned; symlinks and hard links inside
/// the archive are followed by name, inside the archive only (a link climbing out of it, or a loop, is refused).
/// Nothing is written to disk but that temporary copy.
/// </summary>
internal sealed class TarIndex : IDisposable
{
    private const int MaxLinkHops = 40;

    private readonly SafeFileHandle _file;
    private readonly Dictionary<string, Entry> _entries;
    private readonly string? _temporaryCopy;
    private readonly string _archiveName;

    private TarIndex(SafeFileHandle file, Dictionary<string, Entry> entries, string? temporaryCopy, string archiveName)
    {
        _file = file;
        _entries = entries;
        _temporaryCopy = temporaryCopy;
        _archiveName = archiveName;
    }

    private readonly record struct Entry(TarEntryKind Kind, long Offset, long Size, string LinkName, string Name);

    public static async Task<TarIndex> OpenAsync(string archivePath, string? temporaryDirectory, CancellationToken cancellationToken)
    {
        string? copy = null;
        var file = File.OpenHandle(archivePath, FileMode.Open, FileAccess.Read, FileShare.Read);
        try
        {
            var magic = new byte[Decompression.MagicLength];
            var got = RandomAccess.Read(file, magic, 0);
            var compression = Decompression.Detect(magic.AsSpan(0, got));
            if (compression != LayerCompression.None)
            {
                copy = Path.Combine(temporaryDirectory ?? Path.GetTempPath(), $"berth-archive-{Guid.NewGuid():N}.tar");
                await using (var input = new FileStream(file, FileAccess.Read, 1))
                await using (var decompressed = Decompression.Open(input, compression, leaveOpen: true))
                await using (var output = new FileStream(copy, new FileStreamOptions
                {
                    Mode = FileMode.CreateNew, Access = FileAccess.ReadWrite, UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
                    BufferSize = 0,
                }))
                {
                    await decompressed.CopyToAsync(output, 1 << 20, cancellationToken).ConfigureAwait(false);
                }

                file.Dispose();
                file = File.OpenHandle(copy, FileMode.Open, FileAccess.Read, FileShare.Read);
            }

            var entries = await ScanAsync(file, archivePath, cancellationToken).ConfigureAwait(false);
            return new TarIndex(file, entries, copy, archivePath);
        }
        catch
        {
            file.Dispose();
            if (copy is not null)
            {
                File.Delete(copy);
            }

            throw;
        }
    }

    /// <summary>Whether a regular file (possibly through links) is at <paramref name="path"/>.</summary>
    public bool Contains(string path) => TryResolve(path, out _) is null;

    /// <summary>Names of all entries, cleaned, in no particular order.</summary>
    public IEnumerable<string> Names => _entries.Keys;

    /// <summary>Opens the regular file at <paramref name="path"/> (following links inside the archive).</summary>
    public Stream Open(string path)
    {
        var error = TryResolve(path, out var entry);
        return error is null ? new FileSliceStream(_file, entry.Offset, entry.Size) : throw error;
    }

    /// <summary>The size of the regular file at <paramref name="path"/>.</summary>
    public long SizeOf(string path)
    {
        var error = TryResolve(path, out var entry);
        return error is null ? entry.Size : throw error;
    }

    /// <summary>Reads a small file whole (manifests, configs), refusing one larger than <paramref name="limit"/>.</summary>
    public async Task<byte[]> ReadAllAsync(string path, long limit, CancellationToken cancellationToken)
    {
        var error = TryResolve(path, out var entry);
        if (error is not null)
        {
            throw error;
        }

        if (entry.Size > limit)
        {
            throw BerthException.InvalidArgument($"{EntryPath.Quote(path)} in {EntryPath.Quote(_archiveName)} is {entry.Size} bytes, more than the {limit} allowed");
        }

        var data = new byte[entry.Size];
        await using var stream = new FileSliceStream(_file, entry.Offset, entry.Size);
        await stream.ReadExactlyAsync(data, cancellationToken).ConfigureAwait(false);
        return data;
    }

    public void Dispose()
    {
        _file.Dispose();
        if (_temporaryCopy is not null)
        {
            File.Delete(_temporaryCopy);
        }
    }

    private BerthException? TryResolve(string path, out Entry entry)
    {
        entry = default;
        var name = EntryPath.Clean(path);
        for (var hop = 0; name is not null && hop <= MaxLinkHops; hop++)
        {
            if (!_entries.TryGetValue(name, out entry))
            {
                return BerthException.NotFound($"{EntryPath.Quote(path)} is not in {EntryPath.Quote(_archiveName)}");
            }

            switch (entry.Kind)
            {
                case TarEntryKind.Regular:
                    return null;
                case TarEntryKind.SymbolicLink:
                    // Relative to the link's directory; an absolute target is taken from the archive's root.
                    name = EntryPath.Clean(EntryPath.Parent(name), entry.LinkName);
                    continue;
                case TarEntryKind.HardLink:
                    name = EntryPath.Clean(entry.LinkName);
                    continue;
                default:
                    return BerthException.InvalidArgument($"{EntryPath.Quote(path)} in {EntryPath.Quote(_archiveName)} is not a regular file");
            }
        }

        return BerthException.InvalidArgument(name is null
            ? $"{EntryPath.Quote(path)} in {EntryPath.Quote(_archiveName)} links outside the archive: refusing it"
            : $"{EntryPath.Quote(path)} in {EntryPath.Quote(_archiveName)} goes through too many links");
    }

    private static async Task<Dictionary<string, Entry>> ScanAsync(SafeFileHandle file, string archivePath, CancellationToken cancellationToken)
    {
        var entries = new Dictionary<string, Entry>(StringComparer.Ordinal);
        // The same descriptor, not owned: disposing the scanning stream must not close the index's file.
        using var borrowed = new SafeFileHandle(file.DangerousGetHandle(), ownsHandle: false);
        await using var stream = new FileStream(borrowed, FileAccess.Read, 1);
        using var reader = new TarStreamReader(stream);
        try
        {
            while (await reader.ReadNextAsync(cancellationToken).ConfigureAwait(false) is { } header)
            {
                // Names that climb out cannot be asked for; later entries win, as extracting the archive would give.
                if (EntryPath.Clean(header.Name) is { Length: > 0 } name)
                {
                    entries[name] = new Entry(header.Kind, reader.DataOffset, header.Size, header.LinkName, header.Name);
                }
            }
        }
        catch (BerthException e) when (e.Kind == ErrorKind.InvalidArgument)
        {
            throw new BerthException(ErrorKind.InvalidArgument, $"{EntryPath.Quote(archivePath)} is not a valid archive: {e.Message}", e);
        }

        return entries;
    }
}

using Berth.Archive.Tar;
using Berth.Oci;
using Berth.Platform;

namespace Berth.Archive;

/// <summary>
/// Writes an <c>oci-archive:</c> as a stream: oci-layout first, then each blob as it is given (verified against its
/// descriptor while copied), index.json last at <see cref="FinishAsync"/>. Entries are root-owned, mode 0644 (0755 for
/// directories), time 0: the same content gives the same archive.
/// </summary>
public sealed class OciArchiveWriter(Stream output) : IOciLayoutWriter, IDisposable
{
    private readonly TarStreamWriter _tar = new(output);
    private readonly HashSet<string> _written = new(StringComparer.Ordinal);
    private ImageIndex? _index;
    private bool _started;

    public async Task WriteBlobAsync(Descriptor descriptor, Stream content, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        ArgumentNullException.ThrowIfNull(content);
        await StartAsync(cancellationToken).ConfigureAwait(false);
        var path = OciLayoutFiles.BlobPath(descriptor.Digest);
        if (_written.Contains(path))
        {
            return;
        }

        await DirectoryAsync("blobs/", cancellationToken).ConfigureAwait(false);
        await DirectoryAsync($"blobs/{descriptor.Digest.Algorithm}/", cancellationToken).ConfigureAwait(false);
        await _tar.WriteHeaderAsync(File(path, descriptor.Size), cancellationToken).ConfigureAwait(false);
        await BlobCopy.CopyVerifiedAsync(descriptor, content, _tar.WriteDataAsync, cancellationToken).ConfigureAwait(false);
        _written.Add(path);
    }

    /// <summary>Remembers the index; it is written by <see cref="FinishAsync"/>, after all blobs.</summary>
    public Task WriteIndexAsync(ImageIndex index, CancellationToken cancellationToken)
    {
        _index = index;
        return Task.CompletedTask;
    }

    /// <summary>Writes index.json and the end of the archive. The output stream is left open.</summary>
    public async Task FinishAsync(CancellationToken cancellationToken)
    {
        await StartAsync(cancellationToken).ConfigureAwait(false);
        await WriteSmallFileAsync(OciLayoutFiles.IndexFile, OciLayoutFiles.Serialize(_index ?? OciLayoutFiles.EmptyIndex()), cancellationToken).ConfigureAwait(false);
        await _tar.FinishAsync(cancellationToken).ConfigureAwait(false);
    }

    public void Dispose() => _tar.Dispose();

    private async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!_started)
        {
            _started = true;
            await WriteSmallFileAsync(OciLayoutFiles.LayoutFile, OciLayoutFiles.SerializeLayout(), cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task WriteSmallFileAsync(string path, byte[] content, CancellationToken cancellationToken)
    {
        await _tar.WriteHeaderAsync(File(path, content.Length), cancellationToken).ConfigureAwait(false);
        await _tar.WriteDataAsync(content, cancellationToken).ConfigureAwait(false);
    }

    private async Task DirectoryAsync(string path, CancellationToken cancellationToken)
    {
        if (_written.Add(path))
        {
            await _tar.WriteHeaderAsync(new TarHeader { Name = path, Kind = TarEntryKind.Directory, Mode = 0b111_101_101, ModificationTime = new UnixTime(0, 0) }, cancellationToken).ConfigureAwait(false);
        }
    }

    private static TarHeader File(string path, long size) =>
        new() { Name = path, Kind = TarEntryKind.Regular, Mode = 0b110_100_100, Size = size, ModificationTime = new UnixTime(0, 0) };
}

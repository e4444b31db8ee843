namespace Berth.Archive;

/// <summary>
/// An <c>oci-archive:</c> (a tar of an OCI image layout, possibly compressed), read in place without extracting it.
/// Paths and links inside the archive are resolved inside it; blobs are verified as they are read.
/// </summary>
public sealed class OciArchiveReader : OciLayoutReaderBase
{
    private readonly TarIndex _index;

    private OciArchiveReader(TarIndex index, string archivePath)
    {
        _index = index;
        ArchivePath = archivePath;
    }

    public string ArchivePath { get; }

    protected override string Where => $"oci-archive {EntryPath.Quote(ArchivePath)}";

    /// <summary>
    /// Opens the archive file. A compressed one is first decompressed into <paramref name="temporaryDirectory"/> (the
    /// system's temporary directory when null); the copy goes away on dispose.
    /// </summary>
    public static async Task<OciArchiveReader> OpenAsync(string archivePath, string? temporaryDirectory, CancellationToken cancellationToken)
    {
        var index = await TarIndex.OpenAsync(archivePath, temporaryDirectory, cancellationToken).ConfigureAwait(false);
        var reader = new OciArchiveReader(index, archivePath);
        try
        {
            OciLayoutFiles.CheckLayout(await reader.ReadFileAsync(OciLayoutFiles.LayoutFile, 4096, cancellationToken).ConfigureAwait(false), reader.Where);
            return reader;
        }
        catch
        {
            reader.Dispose();
            throw;
        }
    }

    protected override Stream OpenFile(string path) => _index.Open(path);

    protected override Task<byte[]> ReadFileAsync(string path, long limit, CancellationToken cancellationToken) =>
        _index.ReadAllAsync(path, limit, cancellationToken);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _index.Dispose();
        }

        base.Dispose(disposing);
    }
}

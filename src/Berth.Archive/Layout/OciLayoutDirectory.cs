using Berth.Oci;
using Berth.Platform.FileSystem;
using Microsoft.Win32.SafeHandles;

namespace Berth.Archive;

/// <summary>
/// An OCI image layout directory (<c>oci:</c>): reads resolve every path inside the directory (a symlink in it cannot
/// lead out) and accept only regular files; blobs are verified when read and when written; writes go to a temporary
/// file that is fsynced and renamed into place, so a crash leaves either the old state or the new one.
/// </summary>
public sealed class OciLayoutDirectory : OciLayoutReaderBase, IOciLayoutWriter
{
    private readonly SafeFileHandle _root;

    private OciLayoutDirectory(string path, SafeFileHandle root)
    {
        LayoutPath = path;
        _root = root;
    }

    public string LayoutPath { get; }

    protected override string Where => $"OCI layout {EntryPath.Quote(LayoutPath)}";

    /// <summary>Opens an existing layout; its oci-layout file must say version 1.0.0.</summary>
    public static async Task<OciLayoutDirectory> OpenAsync(string path, CancellationToken cancellationToken)
    {
        var errno = AtCalls.OpenDirectory(path, out var root);
        if (errno != Errno.None)
        {
            throw errno is Errno.ENOENT or Errno.ENOTDIR
                ? BerthException.NotFound($"OCI layout {EntryPath.Quote(path)} does not exist")
                : new BerthException(ErrorKind.Internal, $"cannot open OCI layout {EntryPath.Quote(path)}: {errno.Message()}");
        }

        var layout = new OciLayoutDirectory(path, root!);
        try
        {
            OciLayoutFiles.CheckLayout(await layout.ReadFileAsync(OciLayoutFiles.LayoutFile, 4096, cancellationToken).ConfigureAwait(false), layout.Where);
            return layout;
        }
        catch
        {
            layout.Dispose();
            throw;
        }
    }

    /// <summary>Opens the layout at <paramref name="path"/>, creating the directory, oci-layout and an empty index.json as needed.</summary>
    public static async Task<OciLayoutDirectory> CreateAsync(string path, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(path);
        var layoutFile = Path.Combine(path, OciLayoutFiles.LayoutFile);
        if (!File.Exists(layoutFile))
        {
            await WriteAtomicallyAsync(layoutFile, OciLayoutFiles.SerializeLayout(), cancellationToken).ConfigureAwait(false);
        }

        var indexFile = Path.Combine(path, OciLayoutFiles.IndexFile);
        if (!File.Exists(indexFile))
        {
            await WriteAtomicallyAsync(indexFile, OciLayoutFiles.Serialize(OciLayoutFiles.EmptyIndex()), cancellationToken).ConfigureAwait(false);
        }

        return await OpenAsync(path, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Whether the blob is present (not whether it is intact: reading it checks that).</summary>
    public bool HasBlob(Digest digest)
    {
        var errno = AtCalls.OpenRegularFileInRoot(_root, OciLayoutFiles.BlobPath(digest), out var handle);
        handle?.Dispose();
        return errno == Errno.None;
    }

    public async Task WriteBlobAsync(Descriptor descriptor, Stream content, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        ArgumentNullException.ThrowIfNull(content);
        var final = Path.Combine(LayoutPath, OciLayoutFiles.BlobPath(descriptor.Digest));
        if (File.Exists(final) && new FileInfo(final).Length == descriptor.Size)
        {
            return; // content-addressed: the same name is the same bytes (checked whenever it is read)
        }

        Directory.CreateDirectory(Path.GetDirectoryName(final)!);
        var temporary = $"{final}.tmp-{Guid.NewGuid():N}";
        try
        {
            await using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 0, useAsync: false))
            {
                await BlobCopy.CopyVerifiedAsync(descriptor, content, (chunk, ct) => file.WriteAsync(chunk, ct), cancellationToken).ConfigureAwait(false);
                file.Flush(flushToDisk: true);
            }

            File.Move(temporary, final, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    public Task WriteIndexAsync(ImageIndex index, CancellationToken cancellationToken) =>
        WriteAtomicallyAsync(Path.Combine(LayoutPath, OciLayoutFiles.IndexFile), OciLayoutFiles.Serialize(index), cancellationToken);

    protected override Stream OpenFile(string path)
    {
        var errno = AtCalls.OpenRegularFileInRoot(_root, path, out var handle);
        return errno switch
        {
            Errno.None => new FileStream(handle!, FileAccess.Read, 0),
            Errno.ENOENT or Errno.ENOTDIR => throw BerthException.NotFound($"{Where}: {path} does not exist"),
            Errno.EINVAL => throw BerthException.InvalidArgument($"{Where}: {path} is not a regular file"),
            Errno.ELOOP => throw BerthException.InvalidArgument($"{Where}: {path} goes through too many symbolic links"),
            _ => throw new BerthException(ErrorKind.Internal, $"{Where}: cannot open {path}: {errno.Message()}"),
        };
    }

    protected override async Task<byte[]> ReadFileAsync(string path, long limit, CancellationToken cancellationToken)
    {
        await using var stream = OpenFile(path);
        if (stream.Length > limit)
        {
            throw BerthException.InvalidArgument($"{Where}: {path} is {stream.Length} bytes, more than the {limit} allowed");
        }

        var data = new byte[stream.Length];
        await stream.ReadExactlyAsync(data, cancellationToken).ConfigureAwait(false);
        return data;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _root.Dispose();
        }

        base.Dispose(disposing);
    }

    private static async Task WriteAtomicallyAsync(string path, byte[] content, CancellationToken cancellationToken)
    {
        var temporary = $"{path}.tmp-{Guid.NewGuid():N}";
        try
        {
            await using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 0, useAsync: false))
            {
                await file.WriteAsync(content, cancellationToken).ConfigureAwait(false);
                file.Flush(flushToDisk: true);
            }

            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }
}

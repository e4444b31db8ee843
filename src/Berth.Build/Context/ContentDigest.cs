using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Berth.Oci;
using Berth.Platform;

namespace Berth.Build.Context;

/// <summary>
/// The layer cache's digest of what a COPY/ADD reads from the context: a sha256 over every resolved source and every
/// entry <see cref="SourceResolver.Walk"/> yields (ignored files never count), each written as length-prefixed fields:
/// path, kind, permission bits (setuid/setgid/sticky included), uid, gid, a symlink's target, a device's numbers, and a
/// regular file's size and streamed content hash. Times (mtime, atime, ctime) and inode numbers are left out, so
/// identical trees give identical digests wherever and whenever they were made.
/// </summary>
public static class ContentDigest
{
    private const int BufferSize = 128 * 1024;

    public static Digest Compute(SourceResolver resolver, IReadOnlyList<ContextSource> sources, CancellationToken cancellationToken = default)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            var writer = new FieldWriter(hash);
            writer.Text("berth-context-digest-v1");
            writer.Number((ulong)sources.Count);
            foreach (var source in sources)
            {
                writer.Text(source.Source);
                writer.Text(source.RelativePath);
                writer.Number((ulong)source.Kind);
                writer.Number(source.FromWildcard ? 1UL : 0UL);
                foreach (var entry in resolver.Walk(source))
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    WriteEntry(writer, entry, buffer, cancellationToken);
                }

                writer.Text("end-of-source");
            }

            return Digest.FromSha256Bytes(hash.GetHashAndReset());
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static void WriteEntry(FieldWriter writer, ContextEntry entry, byte[] buffer, CancellationToken cancellationToken)
    {
        var status = entry.Status;
        writer.Text("entry");
        writer.Text(entry.SourcePath);
        writer.Number((ulong)status.Kind);
        writer.Number(status.Permissions);
        writer.Number(status.Uid);
        writer.Number(status.Gid);
        switch (status.Kind)
        {
            case UnixFileKind.SymbolicLink:
                writer.Text(entry.LinkTarget ?? "");
                break;
            case UnixFileKind.CharacterDevice or UnixFileKind.BlockDevice:
                writer.Number(status.RDevMajor);
                writer.Number(status.RDevMinor);
                break;
            case UnixFileKind.Regular:
                using (var content = entry.OpenContent())
                using (var file = IncrementalHash.CreateHash(HashAlgorithmName.SHA256))
                {
                    ulong length = 0;
                    int read;
                    while ((read = content.Read(buffer, 0, buffer.Length)) > 0)
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                        file.AppendData(buffer, 0, read);
                        length += (ulong)read;
                    }

                    writer.Number(length);
                    writer.Bytes(file.GetHashAndReset());
                }

                break;
        }
    }

    // Every field is prefixed by its length, so no two different entry lists write the same bytes.
    private readonly struct FieldWriter(IncrementalHash hash)
    {
        public void Number(ulong value)
        {
            Span<byte> bytes = stackalloc byte[8];
            BinaryPrimitives.WriteUInt64BigEndian(bytes, value);
            hash.AppendData(bytes);
        }

        public void Text(string value) => Bytes(Encoding.UTF8.GetBytes(value));

        public void Bytes(ReadOnlySpan<byte> value)
        {
            Number((ulong)value.Length);
            hash.AppendData(value);
        }
    }
}

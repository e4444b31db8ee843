using Berth.Oci;

namespace Berth.Archive;

/// <summary>
/// What writing a layer gave: <paramref name="DiffId"/> and <paramref name="UncompressedSize"/> describe the tar
/// (rootfs.diff_ids), <paramref name="Digest"/> and <paramref name="Size"/> the (compressed) bytes written, which are
/// the layer's descriptor. Without compression both pairs are equal.
/// </summary>
public sealed record LayerWriteResult(Digest DiffId, Digest Digest, long Size, long UncompressedSize);

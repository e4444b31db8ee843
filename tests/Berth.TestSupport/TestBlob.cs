using Berth.Oci;

namespace Berth.TestSupport;

/// <summary>Bytes with their descriptor.</summary>
/// <param name="Descriptor">Media type, digest (sha256 of <paramref name="Content"/>) and size.</param>
/// <param name="Content">The bytes.</param>
public sealed record TestBlob(Descriptor Descriptor, byte[] Content)
{
    public Digest Digest => Descriptor.Digest;

    /// <summary>A blob of <paramref name="content"/> with its sha256 digest.</summary>
    public static TestBlob FromBytes(byte[] content, string mediaType = "application/octet-stream")
    {
        ArgumentNullException.ThrowIfNull(content);
        return new TestBlob(new Descriptor { MediaType = mediaType, Digest = Digest.Compute(content), Size = content.LongLength }, content);
    }

    /// <summary><paramref name="size"/> pseudo-random bytes from <paramref name="seed"/> (incompressible, reproducible).</summary>
    public static TestBlob Random(int size, int seed = 1, string mediaType = "application/octet-stream")
    {
        var bytes = new byte[size];
        new Random(seed).NextBytes(bytes);
        return FromBytes(bytes, mediaType);
    }
}

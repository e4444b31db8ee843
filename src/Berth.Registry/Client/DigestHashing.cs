using System.Security.Cryptography;
using Berth.Oci;

namespace Berth.Registry;

/// <summary>Hashing for the digest algorithms <see cref="Digest"/> accepts.</summary>
internal static class DigestHashing
{
    public static HashAlgorithmName AlgorithmOf(Digest digest) => digest.Algorithm switch
    {
        "sha256" => HashAlgorithmName.SHA256,
        "sha512" => HashAlgorithmName.SHA512,
        _ => throw BerthException.InvalidArgument($"unsupported digest algorithm \"{digest.Algorithm}\""),
    };

    public static Digest Compute(string algorithm, ReadOnlySpan<byte> content) => algorithm switch
    {
        "sha512" => Digest.Parse("sha512:" + Convert.ToHexStringLower(SHA512.HashData(content))),
        _ => Digest.Compute(content),
    };

    public static Digest Finish(IncrementalHash hash, string algorithm) =>
        Digest.Parse(algorithm + ":" + Convert.ToHexStringLower(hash.GetHashAndReset()));
}

using Berth.Oci;

namespace Berth.Registry;

/// <summary>A manifest (or index) as the registry served it, verified.</summary>
/// <param name="Bytes">The exact bytes; their digest is <paramref name="Digest"/>.</param>
/// <param name="MediaType">From <c>Content-Type</c>, or from the document when the registry sent a generic type.</param>
/// <param name="Digest">The requested digest, else the digest of the bytes (checked against <c>Docker-Content-Digest</c>).</param>
public sealed record RegistryManifest(byte[] Bytes, string MediaType, Digest Digest)
{
    /// <summary>A descriptor of this manifest.</summary>
    public Descriptor ToDescriptor() => new() { MediaType = MediaType, Digest = Digest, Size = Bytes.LongLength };
}

/// <summary>What a <c>HEAD</c> of a manifest tells without the body.</summary>
/// <param name="MediaType">The <c>Content-Type</c>, or null when the registry sent none.</param>
/// <param name="Digest"><c>Docker-Content-Digest</c>, or null when the registry sent none.</param>
/// <param name="Size"><c>Content-Length</c>, or null.</param>
public sealed record ManifestHead(string? MediaType, Digest? Digest, long? Size);

/// <summary>What the <c>/v2/</c> ping found.</summary>
/// <param name="AuthenticationRequired">The registry answered 401.</param>
/// <param name="Scheme">The challenge Berth will answer (<c>bearer</c> or <c>basic</c>), or null.</param>
/// <param name="UsesHttp">The registry is spoken to over plain HTTP (insecure endpoint whose HTTPS failed).</param>
public sealed record RegistryPing(bool AuthenticationRequired, string? Scheme, bool UsesHttp);

using Berth.Oci;

namespace Berth.Storage.Content;

/// <summary>A blob in the content store: its digest, its size in bytes, and when it was written.</summary>
public sealed record ContentInfo(Digest Digest, long Size, DateTimeOffset Written);

using OciPlatform = Berth.Oci.Platform;
using Berth.Oci;

namespace Berth.Engine.Transports;

/// <summary>Which images of an index to copy (skopeo's --all and --multi-arch).</summary>
public enum ImageListSelection
{
    /// <summary>The image for the chosen platform only.</summary>
    System,

    /// <summary>The index and every image in it.</summary>
    All,

    /// <summary>The index as it is, without copying its images (skopeo --multi-arch index-only).</summary>
    IndexOnly,
}

public sealed record CopyOptions
{
    /// <summary>The manifest type to write (--format: oci, v2s2); null keeps the source's when the destination takes it.</summary>
    public string? ManifestType { get; init; }

    /// <summary>--compression-format / --dest-compress-format: layers not in it are recompressed.</summary>
    public LayerCompression? CompressionFormat { get; init; }

    /// <summary>What uncompressed layers are compressed with when the destination wants them compressed (containers.conf compression_format).</summary>
    public LayerCompression CompressWith { get; init; } = LayerCompression.Gzip;

    /// <summary>--compression-level.</summary>
    public int? CompressionLevel { get; init; }

    /// <summary>Overrides the destination's default (skopeo --dest-compress, --dest-decompress; podman push --compress to dir:).</summary>
    public LayerCompressionPolicy? Compression { get; init; }

    /// <summary>--preserve-digests: fail rather than write anything whose digest would differ from the source's.</summary>
    public bool PreserveDigests { get; init; }

    public ImageListSelection Selection { get; init; } = ImageListSelection.System;

    /// <summary>The platform chosen from an index; the host's when null.</summary>
    public OciPlatform? Platform { get; init; }

    /// <summary>Parallel blob copies (0 = 6).</summary>
    public int Parallel { get; init; }

    /// <summary>Where re-compressed layers are staged.</summary>
    public required string TemporaryDirectory { get; init; }

    /// <summary>Parses --format / -f: oci, v2s2 (v2s1 is refused: schema 1 is not supported).</summary>
    public static string? ParseManifestType(string? text) => text switch
    {
        null or "" => null,
        "oci" => MediaTypes.OciManifest,
        "v2s2" or "docker" => MediaTypes.DockerManifest,
        "v2s1" => throw new BerthException(ErrorKind.InvalidArgument, "manifest type \"v2s1\" (Docker schema 1) is not supported: use oci or v2s2"),
        _ => throw new BerthException(ErrorKind.InvalidArgument, $"unknown format \"{text}\". Choose one of the supported formats: 'oci', 'v2s1', or 'v2s2'"),
    };

    /// <summary>Parses --compression-format: gzip, zstd (zstd:chunked is written as plain zstd).</summary>
    public static LayerCompression? ParseCompression(string? text) => text switch
    {
        null or "" => null,
        "gzip" => LayerCompression.Gzip,
        "zstd" or "zstd:chunked" => LayerCompression.Zstd,
        _ => throw new BerthException(ErrorKind.InvalidArgument, $"unsupported compression format \"{text}\": use gzip or zstd"),
    };
}

/// <summary>What a copy wrote.</summary>
public sealed record CopyResult(RawManifest Manifest);

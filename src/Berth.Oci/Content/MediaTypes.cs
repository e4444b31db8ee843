namespace Berth.Oci;

/// <summary>Media types of the OCI image spec and Docker's image manifest v2.</summary>
public static class MediaTypes
{
    public const string OciManifest = "application/vnd.oci.image.manifest.v1+json";
    public const string OciIndex = "application/vnd.oci.image.index.v1+json";
    public const string OciConfig = "application/vnd.oci.image.config.v1+json";
    public const string OciLayer = "application/vnd.oci.image.layer.v1.tar";
    public const string OciLayerGzip = "application/vnd.oci.image.layer.v1.tar+gzip";
    public const string OciLayerZstd = "application/vnd.oci.image.layer.v1.tar+zstd";
    public const string OciLayerNonDistributable = "application/vnd.oci.image.layer.nondistributable.v1.tar";
    public const string OciLayerNonDistributableGzip = "application/vnd.oci.image.layer.nondistributable.v1.tar+gzip";
    public const string OciEmpty = "application/vnd.oci.empty.v1+json";

    public const string DockerManifest = "application/vnd.docker.distribution.manifest.v2+json";
    public const string DockerManifestList = "application/vnd.docker.distribution.manifest.list.v2+json";
    public const string DockerConfig = "application/vnd.docker.container.image.v1+json";
    public const string DockerLayerGzip = "application/vnd.docker.image.rootfs.diff.tar.gzip";

    /// <summary>An uncompressed Docker layer (what commit and build write in the docker format).</summary>
    public const string DockerLayer = "application/vnd.docker.image.rootfs.diff.tar";
    public const string DockerLayerForeignGzip = "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip";
    public const string DockerSchema1 = "application/vnd.docker.distribution.manifest.v1+json";
    public const string DockerSchema1Signed = "application/vnd.docker.distribution.manifest.v1+prettyjws";

    public static bool IsIndex(string? mediaType) => mediaType is OciIndex or DockerManifestList;

    public static bool IsManifest(string? mediaType) => mediaType is OciManifest or DockerManifest;

    public static bool IsSchema1(string? mediaType) => mediaType is DockerSchema1 or DockerSchema1Signed;

    /// <summary>How a layer blob is compressed, from its media type.</summary>
    public static LayerCompression CompressionOf(string mediaType) => mediaType switch
    {
        OciLayer or OciLayerNonDistributable or "application/vnd.docker.image.rootfs.diff.tar" => LayerCompression.None,
        OciLayerZstd or "application/vnd.oci.image.layer.nondistributable.v1.tar+zstd" => LayerCompression.Zstd,
        _ => LayerCompression.Gzip,
    };

    /// <summary>A layer's media type in the other format's spelling (commit and build with <c>--format docker|oci</c>).</summary>
    public static string LayerFor(string mediaType, bool docker) => (docker, mediaType) switch
    {
        (true, OciLayer) => DockerLayer,
        (true, OciLayerGzip) => DockerLayerGzip,
        (false, DockerLayer) => OciLayer,
        (false, DockerLayerGzip) => OciLayerGzip,
        _ => mediaType,
    };
}

/// <summary>Compression of a layer blob.</summary>
public enum LayerCompression
{
    None,
    Gzip,
    Zstd,
}

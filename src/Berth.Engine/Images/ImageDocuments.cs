using System.Text.Json;
using Berth.Oci;

namespace Berth.Engine.Images;

/// <summary>Parses image configs and manifests from bytes, turning bad JSON into one clear InvalidArgument error.</summary>
public static class ImageDocuments
{
    /// <param name="what">What the document is, for the message (e.g. "image config sha256:…").</param>
    public static ImageConfiguration ParseConfig(ReadOnlySpan<byte> bytes, string what)
    {
        try
        {
            return ImageConfigurationReader.Read(bytes)
                ?? throw new BerthException(ErrorKind.InvalidArgument, $"{what} is empty");
        }
        catch (JsonException e)
        {
            throw new BerthException(ErrorKind.InvalidArgument, $"{what} is not valid: {e.Message}");
        }
    }

    /// <summary>A schema 2 image manifest (OCI or Docker); anything else is refused.</summary>
    public static ImageManifest ParseManifest(ReadOnlySpan<byte> bytes, string what)
    {
        try
        {
            var manifest = JsonSerializer.Deserialize(bytes, OciJsonContext.Default.ImageManifest);
            return manifest is { SchemaVersion: 2 }
                ? manifest
                : throw new BerthException(ErrorKind.InvalidArgument, $"{what} has schemaVersion {manifest?.SchemaVersion}: only schema 2 images are supported");
        }
        catch (JsonException e)
        {
            throw new BerthException(ErrorKind.InvalidArgument, $"{what} is not a valid image manifest: {e.Message}");
        }
    }

    /// <summary>An image index or Docker manifest list.</summary>
    public static ImageIndex ParseIndex(ReadOnlySpan<byte> bytes, string what)
    {
        try
        {
            var index = JsonSerializer.Deserialize(bytes, OciJsonContext.Default.ImageIndex);
            return index is { SchemaVersion: 2 }
                ? index
                : throw new BerthException(ErrorKind.InvalidArgument, $"{what} has schemaVersion {index?.SchemaVersion}: only schema 2 indexes are supported");
        }
        catch (JsonException e)
        {
            throw new BerthException(ErrorKind.InvalidArgument, $"{what} is not a valid image index: {e.Message}");
        }
    }
}

using System.Text.Json;
using Berth.Oci;

namespace Berth.Archive;

/// <summary>
/// Reads a <c>docker-archive:</c> (docker save output, plain or compressed) in place: manifest.json (required, as
/// containers/image requires it), the legacy <c>repositories</c> file when present, configs and layers. Names and
/// links inside the archive are resolved inside it. Configs are verified when their path names their digest; layers
/// are verified against the config's diff IDs when stored uncompressed.
/// </summary>
public sealed class DockerArchiveReader : IDisposable
{
    private const string ManifestFile = "manifest.json";
    private const string RepositoriesFile = "repositories";

    private readonly TarIndex _index;

    private DockerArchiveReader(TarIndex index, string path, IReadOnlyList<DockerArchiveManifestItem> items,
        IReadOnlyDictionary<string, Dictionary<string, string>>? repositories)
    {
        _index = index;
        ArchivePath = path;
        Items = items;
        Repositories = repositories;
    }

    public string ArchivePath { get; }

    public IReadOnlyList<DockerArchiveManifestItem> Items { get; }

    /// <summary>The legacy repositories file (name → tag → top layer ID), or null when the archive has none.</summary>
    public IReadOnlyDictionary<string, Dictionary<string, string>>? Repositories { get; }

    private string Where => $"docker-archive {EntryPath.Quote(ArchivePath)}";

    public static async Task<DockerArchiveReader> OpenAsync(string archivePath, string? temporaryDirectory, CancellationToken cancellationToken)
    {
        var index = await TarIndex.OpenAsync(archivePath, temporaryDirectory, cancellationToken).ConfigureAwait(false);
        try
        {
            var where = $"docker-archive {EntryPath.Quote(archivePath)}";
            if (!index.Contains(ManifestFile))
            {
                throw BerthException.InvalidArgument($"{where} has no manifest.json (it was made by docker before 1.10, or is not a docker-archive)");
            }

            var items = Parse(await index.ReadAllAsync(ManifestFile, OciLayoutFiles.MaxMetadataSize, cancellationToken).ConfigureAwait(false),
                ArchiveJsonContext.Default.ListDockerArchiveManifestItem, where, ManifestFile);
            Dictionary<string, Dictionary<string, string>>? repositories = null;
            if (index.Contains(RepositoriesFile))
            {
                repositories = Parse(await index.ReadAllAsync(RepositoriesFile, OciLayoutFiles.MaxMetadataSize, cancellationToken).ConfigureAwait(false),
                    ArchiveJsonContext.Default.DictionaryStringDictionaryStringString, where, RepositoriesFile);
            }

            return new DockerArchiveReader(index, archivePath, items, repositories);
        }
        catch
        {
            index.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The item named <paramref name="reference"/> (compared as docker names, so <c>busybox:latest</c> matches
    /// <c>docker.io/library/busybox:latest</c>), or the only item when null, as containers/image chooses.
    /// </summary>
    public DockerArchiveManifestItem Choose(string? reference)
    {
        if (reference is null)
        {
            return Items.Count == 1
                ? Items[0]
                : throw BerthException.InvalidArgument($"{Where} holds {Items.Count} images: name the one to use");
        }

        var wanted = DockerName(reference);
        foreach (var item in Items)
        {
            foreach (var tag in item.RepoTags ?? [])
            {
                if (tag == reference || DockerName(tag) == wanted)
                {
                    return item;
                }
            }
        }

        throw BerthException.NotFound($"{Where} has no image named \"{reference}\"");
    }

    /// <summary>The config, verified when its path names its digest (<c>&lt;hex&gt;.json</c>, <c>blobs/sha256/&lt;hex&gt;</c>).</summary>
    public async Task<byte[]> ReadConfigAsync(DockerArchiveManifestItem item, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(item);
        var config = await _index.ReadAllAsync(item.Config, OciLayoutFiles.MaxMetadataSize, cancellationToken).ConfigureAwait(false);
        if (DigestInName(item.Config) is { } named && Digest.Compute(config) != named)
        {
            throw BerthException.InvalidArgument($"{Where}: config {item.Config} does not hash to the digest its name says");
        }

        return config;
    }

    /// <summary>The size in bytes of layer <paramref name="layer"/> as stored.</summary>
    public long LayerSize(DockerArchiveManifestItem item, int layer) => _index.SizeOf(item.Layers[layer]);

    /// <summary>
    /// Layer <paramref name="layer"/> (0 = base) as stored. When it is an uncompressed tar and
    /// <paramref name="diffId"/> is given (the config's rootfs.diff_ids entry), the stream is verified against it.
    /// </summary>
    public Stream OpenLayer(DockerArchiveManifestItem item, int layer, Digest? diffId = null)
    {
        ArgumentNullException.ThrowIfNull(item);
        var path = item.Layers[layer];
        var stream = _index.Open(path);
        if (diffId is not { } expected)
        {
            return stream;
        }

        Span<byte> magic = stackalloc byte[Decompression.MagicLength];
        var size = _index.SizeOf(path);
        using (var peek = _index.Open(path))
        {
            var got = peek.ReadAtLeast(magic, magic.Length, throwOnEndOfStream: false);
            if (Decompression.Detect(magic[..got]) != LayerCompression.None)
            {
                return stream; // compressed: the diff ID is checked by applying it (LayerApplyResult.DiffId)
            }
        }

        return new VerifyingReadStream(stream, expected, size);
    }

    public void Dispose() => _index.Dispose();

    private static T Parse<T>(byte[] json, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type, string where, string file)
    {
        try
        {
            return JsonSerializer.Deserialize(json, type) ?? throw new JsonException("null");
        }
        catch (JsonException e)
        {
            throw new BerthException(ErrorKind.InvalidArgument, $"{where}: {file} is not valid: {e.Message}", e);
        }
    }

    /// <summary>Docker's normalisation: a short name is on docker.io, a one-component docker.io path is under library/.</summary>
    private static string DockerName(string reference)
    {
        if (!ImageReference.TryParse(reference, out var parsed, out _))
        {
            return reference;
        }

        if (parsed.IsShortName)
        {
            parsed = parsed.OnRegistry(ImageReference.DockerHub);
        }

        return parsed.WithDefaultTag().ToString();
    }

    /// <summary>The digest a content-addressed path spells: <c>&lt;hex&gt;.json</c>, <c>&lt;hex&gt;.tar</c> or <c>blobs/&lt;alg&gt;/&lt;hex&gt;</c>.</summary>
    private static Digest? DigestInName(string path)
    {
        var clean = EntryPath.Clean(path) ?? "";
        var parts = clean.Split('/');
        if (parts is ["blobs", var algorithm, var hex] && Digest.TryParse($"{algorithm}:{hex}", out var blob))
        {
            return blob;
        }

        var leaf = parts[^1];
        var stem = leaf.EndsWith(".json", StringComparison.Ordinal) || leaf.EndsWith(".tar", StringComparison.Ordinal) ? leaf[..leaf.LastIndexOf('.')] : null;
        return parts.Length == 1 && stem is not null && Digest.TryParse("sha256:" + stem, out var named) ? named : null;
    }
}

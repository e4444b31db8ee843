using System.Text;
using System.Text.Json;
using Berth.Archive.Tar;
using Berth.Oci;
using Berth.Platform;

namespace Berth.Archive;

/// <summary>A layer to put in a docker-archive: its uncompressed tar, opened when it is written.</summary>
public sealed record DockerArchiveLayer(Digest DiffId, long Size, Func<CancellationToken, Task<Stream>> OpenAsync);

/// <summary>
/// Writes a <c>docker-archive:</c> as a stream, laid out as containers/image (podman save) lays it out: layers as
/// <c>&lt;diffid hex&gt;.tar</c>, configs as <c>&lt;digest hex&gt;.json</c>, manifest.json and the legacy
/// <c>repositories</c> file last, and for old docker versions a <c>&lt;v1 id&gt;/</c> directory per layer (VERSION, json,
/// and layer.tar as a symlink to the layer). Layers are verified against their diff IDs while copied. Entries are
/// root-owned, mode 0444, time 0, so the same images give the same archive.
/// </summary>
public sealed class DockerArchiveWriter(Stream output) : IDisposable
{
    private static readonly string[] LegacyConfigAttributes = ["architecture", "config", "container", "container_config", "created", "docker_version", "os"];

    private readonly TarStreamWriter _tar = new(output);
    private readonly HashSet<string> _written = new(StringComparer.Ordinal);
    private readonly List<DockerArchiveManifestItem> _items = [];
    private readonly Dictionary<string, Dictionary<string, string>> _repositories = new(StringComparer.Ordinal);

    /// <summary>
    /// Adds one image: <paramref name="config"/> is its config JSON (whose rootfs.diff_ids must list
    /// <paramref name="layers"/>' diff IDs, in order), <paramref name="repoTags"/> its names (<c>name:tag</c>).
    /// </summary>
    public async Task AddImageAsync(ReadOnlyMemory<byte> config, IReadOnlyList<DockerArchiveLayer> layers, IReadOnlyList<string> repoTags, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(layers);
        ArgumentNullException.ThrowIfNull(repoTags);
        CheckDiffIds(config, layers);
        foreach (var tag in repoTags)
        {
            SplitRepoTag(tag); // refuse a bad name before anything is written
        }

        var layerPaths = new List<string>(layers.Count);
        foreach (var layer in layers)
        {
            var path = layer.DiffId.Encoded + ".tar";
            layerPaths.Add(path);
            if (!_written.Add(path))
            {
                continue;
            }

            await _tar.WriteHeaderAsync(File(path, layer.Size), cancellationToken).ConfigureAwait(false);
            var content = await layer.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using (content.ConfigureAwait(false))
            {
                var descriptor = new Descriptor { MediaType = MediaTypes.OciLayer, Digest = layer.DiffId, Size = layer.Size };
                await BlobCopy.CopyVerifiedAsync(descriptor, content, _tar.WriteDataAsync, cancellationToken).ConfigureAwait(false);
            }
        }

        var configPath = Digest.Compute(config.Span).Encoded + ".json";
        await WriteFileOnceAsync(configPath, config, cancellationToken).ConfigureAwait(false);
        var topLayerId = await WriteLegacyLayersAsync(config, layers, cancellationToken).ConfigureAwait(false);

        var index = _items.FindIndex(i => i.Config == configPath);
        var tags = index >= 0 ? new List<string>(_items[index].RepoTags ?? []) : [];
        foreach (var tag in repoTags)
        {
            if (!tags.Contains(tag))
            {
                tags.Add(tag);
            }

            var (name, tagName) = SplitRepoTag(tag);
            if (topLayerId is not null)
            {
                if (!_repositories.TryGetValue(name, out var byTag))
                {
                    _repositories[name] = byTag = new Dictionary<string, string>(StringComparer.Ordinal);
                }

                byTag[tagName] = topLayerId;
            }
        }

        var item = new DockerArchiveManifestItem { Config = configPath, RepoTags = tags, Layers = layerPaths };
        if (index >= 0)
        {
            _items[index] = item;
        }
        else
        {
            _items.Add(item);
        }
    }

    /// <summary>Writes manifest.json, repositories and the end of the archive. The output stream is left open.</summary>
    public async Task FinishAsync(CancellationToken cancellationToken)
    {
        await WriteFileOnceAsync("manifest.json", JsonSerializer.SerializeToUtf8Bytes(_items, ArchiveJsonContext.Writer.ListDockerArchiveManifestItem), cancellationToken).ConfigureAwait(false);
        // Go sorts map keys when it marshals; so do we, for the same bytes every time.
        var sorted = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
        foreach (var name in _repositories.Keys.Order(StringComparer.Ordinal))
        {
            var byTag = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var tag in _repositories[name].Keys.Order(StringComparer.Ordinal))
            {
                byTag[tag] = _repositories[name][tag];
            }

            sorted[name] = byTag;
        }

        await WriteFileOnceAsync("repositories", JsonSerializer.SerializeToUtf8Bytes(sorted, ArchiveJsonContext.Writer.DictionaryStringDictionaryStringString), cancellationToken).ConfigureAwait(false);
        await _tar.FinishAsync(cancellationToken).ConfigureAwait(false);
    }

    public void Dispose() => _tar.Dispose();

    /// <summary>
    /// containers/image's legacy layout: per layer, an ID that is the sha256 of a small JSON (parent ID, chain ID, and
    /// for the top layer the config's main fields), a directory named by it with VERSION, json and a layer.tar symlink.
    /// Returns the top layer's ID (what repositories names). The IDs are opaque: equal to containers/image's in
    /// structure, not guaranteed byte for byte (JSON escaping differs).
    /// </summary>
    private async Task<string?> WriteLegacyLayersAsync(ReadOnlyMemory<byte> config, IReadOnlyList<DockerArchiveLayer> layers, CancellationToken cancellationToken)
    {
        using var document = JsonDocument.Parse(config);
        string? lastId = null;
        string? chainId = null;
        for (var i = 0; i < layers.Count; i++)
        {
            var diffId = layers[i].DiffId.ToString();
            chainId = chainId is null ? diffId : Digest.Compute(Encoding.UTF8.GetBytes(chainId + " " + diffId)).ToString();
            var top = i == layers.Count - 1 ? document.RootElement : (JsonElement?)null;
            var id = Digest.Compute(LegacyLayerJson(lastId, top, "layer_id", chainId)).Encoded;
            var layerJson = LegacyLayerJson(lastId, top, "id", id);
            if (_written.Add(id + "/"))
            {
                await _tar.WriteHeaderAsync(new TarHeader
                {
                    Name = id + "/layer.tar",
                    Kind = TarEntryKind.SymbolicLink,
                    LinkName = "../" + layers[i].DiffId.Encoded + ".tar",
                    ModificationTime = new UnixTime(0, 0),
                }, cancellationToken).ConfigureAwait(false);
                await WriteFileOnceAsync(id + "/VERSION", "1.0"u8.ToArray(), cancellationToken).ConfigureAwait(false);
                await WriteFileOnceAsync(id + "/json", layerJson, cancellationToken).ConfigureAwait(false);
            }

            lastId = id;
        }

        return lastId;
    }

    /// <summary>{config fields (top layer only), key: value, parent} with keys in Go's sorted order.</summary>
    private static byte[] LegacyLayerJson(string? parent, JsonElement? topConfig, string key, string value)
    {
        var fields = new SortedDictionary<string, Action<Utf8JsonWriter>>(StringComparer.Ordinal) { [key] = w => w.WriteStringValue(value) };
        if (parent is not null)
        {
            fields["parent"] = w => w.WriteStringValue(parent);
        }

        if (topConfig is { } root)
        {
            foreach (var attribute in LegacyConfigAttributes)
            {
                fields[attribute] = root.ValueKind == JsonValueKind.Object && root.TryGetProperty(attribute, out var v) ? v.WriteTo : w => w.WriteNullValue();
            }
        }

        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            foreach (var (name, write) in fields)
            {
                writer.WritePropertyName(name);
                write(writer);
            }

            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private static void CheckDiffIds(ReadOnlyMemory<byte> config, IReadOnlyList<DockerArchiveLayer> layers)
    {
        ImageConfiguration? parsed;
        try
        {
            parsed = JsonSerializer.Deserialize(config.Span, OciJsonContext.Default.ImageConfiguration);
        }
        catch (JsonException e)
        {
            throw new BerthException(ErrorKind.InvalidArgument, $"image config is not valid: {e.Message}", e);
        }

        var diffIds = parsed?.RootFs.DiffIds ?? [];
        var same = diffIds.Count == layers.Count;
        for (var i = 0; same && i < layers.Count; i++)
        {
            same = diffIds[i] == layers[i].DiffId;
        }

        if (!same)
        {
            throw BerthException.InvalidArgument("the layers given do not match the image config's rootfs.diff_ids");
        }
    }

    private static (string Name, string Tag) SplitRepoTag(string repoTag)
    {
        var colon = repoTag.LastIndexOf(':');
        return colon > repoTag.LastIndexOf('/') && colon > 0 && colon < repoTag.Length - 1
            ? (repoTag[..colon], repoTag[(colon + 1)..])
            : throw BerthException.InvalidArgument($"\"{repoTag}\" is not a name:tag; a docker-archive names images by tag");
    }

    private async Task WriteFileOnceAsync(string path, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        if (_written.Add(path))
        {
            await _tar.WriteHeaderAsync(File(path, content.Length), cancellationToken).ConfigureAwait(false);
            await _tar.WriteDataAsync(content, cancellationToken).ConfigureAwait(false);
        }
    }

    private static TarHeader File(string path, long size) =>
        new() { Name = path, Kind = TarEntryKind.Regular, Mode = 0b100_100_100, Size = size, ModificationTime = new UnixTime(0, 0) };
}

using System.Text.Json;
using Berth.Archive;
using Berth.Oci;
using Berth.Storage.Images;
using Berth.Storage.Layers;

namespace Berth.Engine.Images;

/// <summary>
/// podman load: a docker-archive (including Docker 25's OCI hybrid, read through its manifest.json) or an oci-archive,
/// every blob verified into the content store and the layers unpacked like a pull. Returns the names loaded
/// (or <c>sha256:ID</c> for an image without names), as podman prints them.
/// </summary>
public sealed class ImageLoader(ImageService images)
{
    public async Task<IReadOnlyList<string>> LoadAsync(string archivePath, CancellationToken cancellationToken)
    {
        if (!File.Exists(archivePath))
        {
            throw new BerthException(ErrorKind.NotFound, $"open {archivePath}: no such file or directory");
        }

        var temp = images.Engine.Settings.TmpDir;
        Directory.CreateDirectory(temp);
        DockerArchiveReader? docker = null;
        try
        {
            docker = await DockerArchiveReader.OpenAsync(archivePath, temp, cancellationToken).ConfigureAwait(false);
        }
        catch (BerthException)
        {
            // Not a docker-archive: try the OCI layout below.
        }

        if (docker is not null)
        {
            using (docker)
            {
                return await LoadDockerAsync(docker, cancellationToken).ConfigureAwait(false);
            }
        }

        OciArchiveReader oci;
        try
        {
            oci = await OciArchiveReader.OpenAsync(archivePath, temp, cancellationToken).ConfigureAwait(false);
        }
        catch (BerthException e)
        {
            throw new BerthException(ErrorKind.InvalidArgument, $"payload does not match any of the supported image formats (docker-archive, oci-archive): {archivePath}: {e.Message}", e);
        }

        using (oci)
        {
            return await LoadOciAsync(oci, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<IReadOnlyList<string>> LoadDockerAsync(DockerArchiveReader reader, CancellationToken ct)
    {
        var store = images.Store;
        var loaded = new List<string>();
        foreach (var item in reader.Items)
        {
            var configBytes = await reader.ReadConfigAsync(item, ct).ConfigureAwait(false);
            var config = ImageDocuments.ParseConfig(configBytes, $"image config in {reader.ArchivePath}");
            var configInfo = await store.Content.WriteBytesAsync(configBytes, ct).ConfigureAwait(false);
            var diffIds = config.RootFs.DiffIds;
            if (diffIds.Count != item.Layers.Count)
            {
                throw new BerthException(ErrorKind.InvalidArgument, $"docker-archive {reader.ArchivePath}: config lists {diffIds.Count} layers but manifest.json has {item.Layers.Count}");
            }

            var layers = new List<Descriptor>();
            Digest? parent = null;
            var chainIds = new List<Digest>();
            for (var i = 0; i < diffIds.Count; i++)
            {
                // Layers in a docker-archive are uncompressed tars: the blob's digest is the diff ID.
                var layer = new Descriptor { MediaType = "application/vnd.docker.image.rootfs.diff.tar", Digest = diffIds[i], Size = reader.LayerSize(item, i) };
                await using (var stream = reader.OpenLayer(item, i, diffIds[i]))
                {
                    await store.Content.WriteAsync(layer, stream, ct).ConfigureAwait(false);
                }

                parent = await LayerUnpacker.UnpackAsync(store, layer, diffIds[i], parent, reader.ArchivePath, ct).ConfigureAwait(false);
                chainIds.Add(parent.Value);
                layers.Add(layer);
            }

            var manifest = new ImageManifest
            {
                SchemaVersion = 2,
                MediaType = MediaTypes.DockerManifest,
                Config = new Descriptor { MediaType = MediaTypes.DockerConfig, Digest = configInfo.Digest, Size = configInfo.Size },
                Layers = layers,
            };
            var manifestBytes = JsonSerializer.SerializeToUtf8Bytes(manifest, OciJsonContext.Writer.ImageManifest);
            var manifestInfo = await store.Content.WriteBytesAsync(manifestBytes, ct).ConfigureAwait(false);
            var names = (item.RepoTags ?? []).Select(NormalizeArchiveName).ToList();
            var stored = store.Images.Add(new NewImage
            {
                Config = manifest.Config,
                Manifest = new Descriptor { MediaType = MediaTypes.DockerManifest, Digest = manifestInfo.Digest, Size = manifestInfo.Size },
                Layers = chainIds,
                Created = config.Created,
                Architecture = config.Architecture,
                Os = config.OS,
                Variant = config.Variant,
                Names = names,
                Blobs = [.. layers.Select(l => l.Digest)],
            });
            loaded.AddRange(names.Count > 0 ? names : ["sha256:" + stored.Id]);
        }

        return loaded;
    }

    private async Task<IReadOnlyList<string>> LoadOciAsync(OciArchiveReader reader, CancellationToken ct)
    {
        var store = images.Store;
        var index = await reader.ReadIndexAsync(ct).ConfigureAwait(false);
        var loaded = new List<string>();
        foreach (var entry in index.Manifests.Where(m => MediaTypes.IsManifest(m.MediaType)))
        {
            var manifestBytes = await reader.ReadBlobAsync(entry, ct).ConfigureAwait(false);
            var manifest = ImageDocuments.ParseManifest(manifestBytes, $"oci-archive {reader.ArchivePath}: manifest {entry.Digest}");
            var configBytes = await reader.ReadBlobAsync(manifest.Config, ct).ConfigureAwait(false);
            var config = ImageDocuments.ParseConfig(configBytes, $"image config in {reader.ArchivePath}");
            await store.Content.WriteBytesAsync(configBytes, ct).ConfigureAwait(false);
            if (config.RootFs.DiffIds.Count != manifest.Layers.Count)
            {
                throw new BerthException(ErrorKind.InvalidArgument, $"oci-archive {reader.ArchivePath}: config lists {config.RootFs.DiffIds.Count} layers but the manifest has {manifest.Layers.Count}");
            }

            Digest? parent = null;
            var chainIds = new List<Digest>();
            for (var i = 0; i < manifest.Layers.Count; i++)
            {
                var layer = manifest.Layers[i];
                if (!store.Content.Exists(layer.Digest))
                {
                    await using var blob = reader.OpenBlob(layer);
                    await store.Content.WriteAsync(layer, blob, ct).ConfigureAwait(false);
                }

                parent = await LayerUnpacker.UnpackAsync(store, layer, config.RootFs.DiffIds[i], parent, reader.ArchivePath, ct).ConfigureAwait(false);
                chainIds.Add(parent.Value);
            }

            await store.Content.WriteBytesAsync(manifestBytes, ct).ConfigureAwait(false);
            var refName = entry.Annotations?.GetValueOrDefault("org.opencontainers.image.ref.name");
            var names = refName is not null && ImageReference.TryParse(refName, out var r, out _) && !r.IsShortName ? [r.WithDefaultTag().ToString()] : new List<string>();
            var stored = store.Images.Add(new NewImage
            {
                Config = manifest.Config,
                Manifest = entry with { Annotations = null, Platform = null },
                Layers = chainIds,
                Created = config.Created,
                Architecture = config.Architecture,
                Os = config.OS,
                Variant = config.Variant,
                Names = names,
                Blobs = [.. manifest.Layers.Select(l => l.Digest)],
            });
            loaded.AddRange(names.Count > 0 ? names : ["sha256:" + stored.Id]);
        }

        return loaded;
    }

    /// <summary>docker-archive names are docker's familiar names: <c>busybox:latest</c> is docker.io/library/busybox.</summary>
    private static string NormalizeArchiveName(string name)
    {
        var reference = ImageReference.Parse(name);
        return (reference.IsShortName ? reference.OnRegistry(ImageReference.DockerHub) : reference).WithDefaultTag().ToString();
    }
}

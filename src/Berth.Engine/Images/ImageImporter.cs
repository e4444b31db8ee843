using Berth.Storage.Layers;
using System.Security.Cryptography;
using System.Text.Json;
using Berth.Archive;
using Berth.Oci;
using Berth.Storage.Images;
using OciPlatform = Berth.Oci.Platform;

namespace Berth.Engine.Images;

/// <summary>podman import: a root file system tarball (plain, gzip or zstd) becomes a one-layer image.</summary>
public sealed class ImageImporter(ImageService images)
{
    public async Task<LocalImage> ImportAsync(Stream tarball, string? name, IReadOnlyList<string> changes, string? message, IPullProgress progress, CancellationToken ct)
    {
        var store = images.Store;
        var containerConfig = ConfigChanges.Apply(new ContainerConfig(), changes);
        var tmp = images.Engine.Settings.TmpDir;
        Directory.CreateDirectory(tmp);
        var temp = Path.Combine(tmp, $"import-{Environment.ProcessId}-{Guid.NewGuid():N}.tar");
        try
        {
            // The layer is stored uncompressed, so its digest is its diff ID: hash while copying once.
            Digest diffId;
            long size;
            var (_, decompressed) = await Decompression.OpenDetectedAsync(tarball, leaveOpen: true, ct).ConfigureAwait(false);
            await using (decompressed.ConfigureAwait(false))
            await using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20, FileOptions.Asynchronous))
            {
                using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
                var buffer = new byte[1 << 20];
                int read;
                while ((read = await decompressed.ReadAsync(buffer, ct).ConfigureAwait(false)) > 0)
                {
                    hash.AppendData(buffer, 0, read);
                    await file.WriteAsync(buffer.AsMemory(0, read), ct).ConfigureAwait(false);
                }

                size = file.Length;
                diffId = Digest.FromSha256Bytes(hash.GetHashAndReset());
            }

            var layer = new Descriptor { MediaType = MediaTypes.OciLayer, Digest = diffId, Size = size };
            progress.Line("Getting image source signatures");
            await using (var read = File.OpenRead(temp))
            {
                await store.Content.WriteAsync(layer, read, ct).ConfigureAwait(false);
            }

            progress.Line($"Copying blob {diffId} done");
            var chainId = await LayerUnpacker.UnpackAsync(store, layer, diffId, null, name ?? "import", ct).ConfigureAwait(false);
            var now = DateTimeOffset.UtcNow;
            var config = new ImageConfiguration
            {
                Created = now,
                Architecture = OciPlatform.Host.Architecture,
                OS = OciPlatform.Host.OS,
                Variant = OciPlatform.Host.Variant,
                Config = containerConfig,
                RootFs = new RootFs { Type = "layers", DiffIds = [diffId] },
                History = [new HistoryEntry { Created = now, CreatedBy = $"/bin/sh -c #(nop) ADD file:{diffId.Encoded} in /", Comment = string.IsNullOrEmpty(message) ? null : message }],
            };
            var configBytes = JsonSerializer.SerializeToUtf8Bytes(config, OciJsonContext.Writer.ImageConfiguration);
            var configInfo = await store.Content.WriteBytesAsync(configBytes, ct).ConfigureAwait(false);
            progress.ConfigDone(configInfo.Digest);
            var manifest = new ImageManifest
            {
                SchemaVersion = 2,
                MediaType = MediaTypes.OciManifest,
                Config = new Descriptor { MediaType = MediaTypes.OciConfig, Digest = configInfo.Digest, Size = configInfo.Size },
                Layers = [layer],
            };
            var manifestBytes = JsonSerializer.SerializeToUtf8Bytes(manifest, OciJsonContext.Writer.ImageManifest);
            progress.Line("Writing manifest to image destination");
            var manifestInfo = await store.Content.WriteBytesAsync(manifestBytes, ct).ConfigureAwait(false);
            var stored = store.Images.Add(new NewImage
            {
                Config = manifest.Config,
                Manifest = new Descriptor { MediaType = MediaTypes.OciManifest, Digest = manifestInfo.Digest, Size = manifestInfo.Size },
                Layers = [chainId],
                Created = now,
                Architecture = config.Architecture,
                Os = config.OS,
                Variant = config.Variant,
                Names = name is null ? [] : [ImageService.NormalizeTargetName(name)],
                Blobs = [diffId],
            });
            progress.Line("Storing signatures");
            return images.ToLocal(stored);
        }
        finally
        {
            File.Delete(temp);
        }
    }
}

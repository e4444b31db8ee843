using OciPlatform = Berth.Oci.Platform;
using System.Text.Json;
using Berth.Engine.Registries;
using Berth.Oci;
using Berth.Registry;
using Berth.Storage.Images;
using Berth.Storage.Layers;

namespace Berth.Engine.Images;

/// <summary>
/// podman pull: short-name candidates in order, policy (missing/always/never/newer), manifest or index (platform choice),
/// config, layers downloaded in parallel into the verified content store and unpacked in order as soon as each one is
/// in, diff IDs checked against the config, then the image record. Every byte is verified before it is trusted.
/// </summary>
public sealed class ImagePuller(ImageService images)
{
    private static readonly string[] Accept =
        [MediaTypes.OciIndex, MediaTypes.DockerManifestList, MediaTypes.OciManifest, MediaTypes.DockerManifest];

    public async Task<LocalImage> PullAsync(string name, PullOptions options, IPullProgress progress, CancellationToken cancellationToken)
    {
        if (Transports.ImageLocation.HasTransport(name))
        {
            var location = Transports.ImageLocation.Parse(name);
            if (location.Transport != Transports.TransportKind.Docker)
            {
                return await new TransportPuller(images).PullAsync(location, options, progress, cancellationToken).ConfigureAwait(false);
            }

            name = location.Docker!.ToString(); // docker://: a full reference, no short-name resolution
        }

        var candidates = ShortNameResolver.Resolve(name, images.Engine.RegistriesConf);
        if (options.Policy is PullPolicy.Missing or PullPolicy.Never)
        {
            foreach (var c in candidates)
            {
                if (images.TryFind(c.Reference.ToString()) is { } local)
                {
                    return images.ForPlatform(local);
                }
            }

            if (images.TryFind(name) is { } found)
            {
                return images.ForPlatform(found);
            }

            if (options.Policy == PullPolicy.Never)
            {
                throw ImageService.NotKnown(name);
            }
        }

        var policy = Config.PolicyConfigLoader.Load(images.Engine.Environment, options.SignaturePolicy);
        var access = new RegistryAccess(images.Engine);
        using var factory = access.CreateFactory(options.Access);
        var errors = new List<string>();
        foreach (var candidate in candidates)
        {
            if (candidate.Origin == CandidateOrigin.Alias)
            {
                progress.Line($"Resolved \"{name}\" as an alias ({candidate.AliasOrigin})");
            }

            progress.Line($"Trying to pull {candidate.Reference}...");
            try
            {
                TrustPolicy.CheckPull(policy, candidate.Reference);
                return await PullReferenceAsync(candidate.Reference, access, factory, options, progress, cancellationToken).ConfigureAwait(false);
            }
            catch (BerthException e) when (e.Kind is not ErrorKind.Internal)
            {
                var message = $"initializing source docker://{candidate.Reference}: {e.Message}";
                if (candidates.Count == 1)
                {
                    throw new BerthException(e.Kind, message, e);
                }

                errors.Add(message);
            }
        }

        throw new BerthException(ErrorKind.NotFound,
            $"{errors.Count} errors occurred while pulling:\n * {string.Join("\n * ", errors)}");
    }

    /// <summary>podman pull --all-tags: every tag of the repository, pulled one after the other.</summary>
    public async Task<IReadOnlyList<LocalImage>> PullAllTagsAsync(string name, PullOptions options, IPullProgress progress, CancellationToken cancellationToken)
    {
        var reference = ImageReference.Parse(name);
        if (reference.Tag is not null || reference.Digest is not null)
        {
            throw new BerthException(ErrorKind.InvalidArgument, $"tag can't be used with --all-tags/-a: {name}");
        }

        var candidate = ShortNameResolver.Resolve(name, images.Engine.RegistriesConf)[0].Reference;
        var access = new RegistryAccess(images.Engine);
        IReadOnlyList<string> tags;
        using (var factory = access.CreateFactory(options.Access))
        {
            var source = access.Endpoints.ResolvePull(candidate with { Tag = null }, options.Access.TlsVerify)[^1];
            tags = await factory.GetClient(source.Endpoint).ListTagsAsync(source.Repository, null, cancellationToken).ConfigureAwait(false);
        }

        var pulled = new List<LocalImage>();
        foreach (var tag in tags.Order(StringComparer.Ordinal))
        {
            pulled.Add(await PullAsync((candidate with { Tag = tag, Digest = null }).ToString(), options, progress, cancellationToken).ConfigureAwait(false));
        }

        return pulled;
    }

    private async Task<LocalImage> PullReferenceAsync(
        ImageReference reference, RegistryAccess access, RegistryClientFactory factory, PullOptions options, IPullProgress progress, CancellationToken ct)
    {
        var sources = access.Endpoints.ResolvePull(reference, options.Access.TlsVerify);
        BerthException? last = null;
        foreach (var source in sources)
        {
            try
            {
                return await PullFromAsync(reference, source, factory.GetClient(source.Endpoint), options, progress, ct).ConfigureAwait(false);
            }
            catch (BerthException e) when (source != sources[^1] && e.Kind is ErrorKind.NotFound or ErrorKind.Unavailable or ErrorKind.Unauthorized)
            {
                last = e; // a mirror that fails is skipped, as containers/image does
            }
        }

        throw last ?? new BerthException(ErrorKind.Internal, $"no source to pull {reference} from");
    }

    private async Task<LocalImage> PullFromAsync(
        ImageReference reference, RegistrySource source, RegistryClient client, PullOptions options, IPullProgress progress, CancellationToken ct)
    {
        var store = images.Store;
        var top = await ManifestOrWrapAsync(client.GetManifestAsync(source.Repository, source.TagOrDigest, Accept, ct), reference).ConfigureAwait(false);
        var manifestResponse = top;
        Digest? indexDigest = null;
        if (MediaTypes.IsIndex(top.MediaType) || Probe(top.Bytes).Manifests is not null)
        {
            var index = JsonSerializer.Deserialize(top.Bytes, OciJsonContext.Default.ImageIndex)!;
            var chosen = PlatformChooser.Choose(index, options.Platform ?? OciPlatform.Host, reference);
            indexDigest = top.Digest;
            await store.Content.WriteBytesAsync(top.Bytes, ct).ConfigureAwait(false);
            manifestResponse = await ManifestOrWrapAsync(client.GetManifestAsync(source.Repository, chosen.Digest.ToString(), Accept, ct), reference).ConfigureAwait(false);
        }

        if (options.Policy == PullPolicy.Newer && images.TryFind(reference.ToString()) is { } current && current.ManifestDigest == manifestResponse.Digest)
        {
            return current;
        }

        var manifest = ImageDocuments.ParseManifest(manifestResponse.Bytes, $"manifest of {reference}");
        progress.Line("Getting image source signatures");
        var configInfo = await FetchBlobAsync(client, source.Repository, manifest.Config, ct).ConfigureAwait(false);
        var config = ImageDocuments.ParseConfig(await store.Content.ReadAllBytesAsync(manifest.Config.Digest, ct).ConfigureAwait(false), $"image config {manifest.Config.Digest}");
        var diffIds = config.RootFs.DiffIds;
        if (diffIds.Count != manifest.Layers.Count)
        {
            throw new BerthException(ErrorKind.InvalidArgument,
                $"image {reference}: the config lists {diffIds.Count} layers but the manifest has {manifest.Layers.Count}: refusing a corrupt image");
        }

        var chainIds = ChainId.ComputeAll(diffIds);
        var parallel = options.ParallelDownloads > 0 ? options.ParallelDownloads : 6;
        using var gate = new SemaphoreSlim(parallel);
        var downloads = manifest.Layers.Select((layer, i) => DownloadLayerAsync(client, source.Repository, layer, chainIds[i], gate, progress, ct)).ToArray();
        try
        {
            Digest? parent = null;
            for (var i = 0; i < manifest.Layers.Count; i++)
            {
                await downloads[i].ConfigureAwait(false);
                await LayerUnpacker.UnpackAsync(store, manifest.Layers[i], diffIds[i], parent, reference.ToString(), ct).ConfigureAwait(false);
                parent = chainIds[i];
            }
        }
        finally
        {
            // Never leave a download running behind an error.
            await Task.WhenAll(downloads.Select(d => d.ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default))).ConfigureAwait(false);
        }

        progress.ConfigDone(manifest.Config.Digest);
        progress.Line("Writing manifest to image destination");
        await store.Content.WriteBytesAsync(manifestResponse.Bytes, ct).ConfigureAwait(false);
        var repo = reference.Name;
        var stored = store.Images.Add(new NewImage
        {
            Config = manifest.Config with { Size = configInfo.Size },
            Manifest = new Descriptor { MediaType = manifestResponse.MediaType, Digest = manifestResponse.Digest, Size = manifestResponse.Bytes.Length },
            Layers = chainIds,
            Created = config.Created,
            Architecture = config.Architecture,
            Os = config.OS,
            Variant = config.Variant,
            Names = reference.Digest is null ? [reference.WithDefaultTag().ToString()] : [],
            Digests = [$"{repo}@{manifestResponse.Digest}", .. indexDigest is { } id ? new[] { $"{repo}@{id}" } : []],
            Blobs = [.. manifest.Layers.Select(l => l.Digest), .. indexDigest is { } d ? new[] { d } : []],
        });
        progress.Line("Storing signatures");
        return images.ToLocal(stored);
    }

    private async Task DownloadLayerAsync(RegistryClient client, string repository, Descriptor layer, Digest chainId, SemaphoreSlim gate, IPullProgress progress, CancellationToken ct)
    {
        var store = images.Store;
        if (store.Content.Exists(layer.Digest))
        {
            progress.BlobDone(layer, "skipped: already exists");
            return;
        }

        await gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            await FetchBlobAsync(client, repository, layer, ct, progress).ConfigureAwait(false);
            progress.BlobDone(layer, "done");
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task<Storage.Content.ContentInfo> FetchBlobAsync(RegistryClient client, string repository, Descriptor blob, CancellationToken ct, IPullProgress? progress = null)
    {
        var store = images.Store;
        if (store.Content.Info(blob.Digest) is { } existing)
        {
            return existing;
        }

        await using var stream = await client.GetBlobAsync(repository, blob, ct).ConfigureAwait(false);
        await using var tracked = progress?.Track(blob, stream) ?? stream;
        return await store.Content.WriteAsync(blob, tracked, ct).ConfigureAwait(false);
    }

    private static async Task<RegistryManifest> ManifestOrWrapAsync(Task<RegistryManifest> fetch, ImageReference reference)
    {
        try
        {
            return await fetch.ConfigureAwait(false);
        }
        catch (BerthException e) when (e.Kind == ErrorKind.NotFound && !e.Message.StartsWith("reading manifest", StringComparison.Ordinal))
        {
            throw new BerthException(ErrorKind.NotFound, $"reading manifest {reference.Digest?.ToString() ?? reference.Tag ?? "latest"} in {reference.Name}: {e.Message}", e);
        }
    }

    private static ManifestProbe Probe(byte[] bytes)
    {
        try
        {
            return JsonSerializer.Deserialize(bytes, OciJsonContext.Default.ManifestProbe) ?? new ManifestProbe();
        }
        catch (JsonException e)
        {
            throw new BerthException(ErrorKind.InvalidArgument, $"the registry sent a manifest that is not valid JSON: {e.Message}");
        }
    }
}

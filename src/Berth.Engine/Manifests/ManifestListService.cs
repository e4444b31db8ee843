using Berth.Engine.Images;
using Berth.Engine.Registries;
using Berth.Engine.Transports;
using Berth.Oci;
using StoredImage = Berth.Storage.Images.Image;

namespace Berth.Engine.Manifests;

/// <summary>
/// Manifest lists (podman manifest, buildah manifest): a list is an image in the store whose manifest is an index
/// (<see cref="Storage.Images.ImageStore.AddManifestList"/>); every change writes a new index blob and points the list
/// at it in one transaction, so a failed command changes nothing. Push is in <c>ManifestListService.Push.cs</c>.
/// </summary>
public sealed partial class ManifestListService(ImageService images)
{
    /// <summary>A list and its index as stored.</summary>
    public sealed record ManifestList(StoredImage Image, ImageIndex Index, IReadOnlyDictionary<Digest, string> Sources)
    {
        public string Id => Image.Id;
    }

    /// <summary>
    /// manifest create: a new list named <paramref name="name"/> (short names on localhost/, tag latest) with the given
    /// images added; with <paramref name="amend"/> an existing list of that name is used instead. The images are read
    /// before anything is stored, so a missing one leaves no list behind (podman 4.3.1 leaves an empty one).
    /// </summary>
    public async Task<string> CreateAsync(string name, IReadOnlyList<string> add, bool amend, ManifestAddOptions options, CancellationToken cancellationToken)
    {
        var full = ImageService.NormalizeTargetName(name);
        ManifestList? existing = null;
        if (amend && images.Store.Images.GetByName(full) is { IsManifestList: true } stored)
        {
            existing = Load(stored);
        }
        else if (images.Store.Images.GetByName(full) is { } taken)
        {
            throw new BerthException(ErrorKind.AlreadyExists,
                $"creating image to hold manifest list: image name \"{full}\" is already associated with image \"{taken.Id}\": that name is already in use");
        }

        var index = existing?.Index ?? ManifestListDocument.Empty;
        var sources = new Dictionary<Digest, string>(existing?.Sources ?? new Dictionary<Digest, string>());
        foreach (var reference in add)
        {
            var entries = await ResolveAsync(reference, options, cancellationToken).ConfigureAwait(false);
            index = ManifestListDocument.Merge(index, entries.Select(e => e.Entry));
            foreach (var (entry, source) in entries)
            {
                sources[entry.Digest] = source;
            }
        }

        if (existing is not null)
        {
            return add.Count == 0 ? existing.Id : (await SaveAsync(existing, index, sources, cancellationToken).ConfigureAwait(false)).Id;
        }

        var blob = await WriteIndexAsync(index, cancellationToken).ConfigureAwait(false);
        try
        {
            return images.Store.Images.AddManifestList(full, blob, sources).Id;
        }
        catch (BerthException e) when (e.Kind == ErrorKind.AlreadyExists)
        {
            throw new BerthException(ErrorKind.AlreadyExists, "creating image to hold manifest list: " + e.Message, e);
        }
    }

    /// <summary>manifest add: the image's manifest (or, with --all, every instance of a list) added or updated.</summary>
    public async Task<string> AddAsync(string listName, string reference, ManifestAddOptions options, CancellationToken cancellationToken)
    {
        var list = Find(listName);
        var entries = await ResolveAsync(reference, options, cancellationToken).ConfigureAwait(false);
        var sources = new Dictionary<Digest, string>(list.Sources);
        foreach (var (entry, source) in entries)
        {
            sources[entry.Digest] = source;
        }

        var index = ManifestListDocument.Merge(list.Index, entries.Select(e => e.Entry));
        return (await SaveAsync(list, index, sources, cancellationToken).ConfigureAwait(false)).Id;
    }

    /// <summary>manifest remove: the entry with the digest taken out; podman's messages for a bad or unlisted digest.</summary>
    public async Task<string> RemoveAsync(string listName, string digestText, CancellationToken cancellationToken)
    {
        try
        {
            var list = Find(listName);
            var digest = ParseDigest(digestText);
            if (list.Index.Manifests.All(m => m.Digest != digest))
            {
                throw new BerthException(ErrorKind.NotFound, $"no instance matching digest \"{digest}\" found in manifest list: file does not exist");
            }

            var index = list.Index with { Manifests = [.. list.Index.Manifests.Where(m => m.Digest != digest)] };
            var sources = list.Sources.Where(s => s.Key != digest).ToDictionary();
            return (await SaveAsync(list, index, sources, cancellationToken).ConfigureAwait(false)).Id;
        }
        catch (BerthException e)
        {
            throw new BerthException(e.Kind, $"removing from manifest list {listName}: {e.Message}", e);
        }
    }

    /// <summary>
    /// manifest annotate: platform fields and annotations of the entry with the digest. Like podman 4.3.1, a digest
    /// the list does not have changes nothing and is not an error.
    /// </summary>
    public async Task<string> AnnotateAsync(string listName, string digestText, ManifestEntryOverrides overrides, CancellationToken cancellationToken)
    {
        var list = Find(listName);
        var digest = ParseDigest(digestText);
        if (overrides.IsEmpty || list.Index.Manifests.All(m => m.Digest != digest))
        {
            return list.Id;
        }

        var index = list.Index with { Manifests = [.. list.Index.Manifests.Select(m => m.Digest == digest ? ManifestListDocument.Apply(m, overrides) : m)] };
        return (await SaveAsync(list, index, list.Sources, cancellationToken).ConfigureAwait(false)).Id;
    }

    /// <summary>
    /// manifest inspect: a local list as podman prints it; a name that is no local list is read from its registry, as
    /// podman does (its errors say "reading image docker://…").
    /// </summary>
    public async Task<string> InspectAsync(string name, RegistryAccessOptions access, CancellationToken cancellationToken)
    {
        if (images.TryFindStored(name) is { IsManifestList: true } stored)
        {
            return ManifestListDocument.Inspect(Load(stored).Index);
        }

        var location = RemoteLocation(name);
        try
        {
            using var transports = new TransportFactory(images, access, access);
            var raw = await new ImageInspector(transports).RawAsync(location, cancellationToken).ConfigureAwait(false);
            return ManifestListDocument.Reindent(raw.Bytes);
        }
        catch (BerthException e)
        {
            throw new BerthException(e.Kind, $"reading image \"{location}\": {e.Message}", e);
        }
    }

    /// <summary>manifest exists: true for a list, false when nothing has the name; an image that is not a list is an error.</summary>
    public bool Exists(string name) => images.TryFindStored(name) is { } stored
        && (stored.IsManifestList ? true : throw NotAList(name, stored));

    /// <summary>
    /// manifest rm: each list's names and then the lists themselves; podman's lines ("Untagged: …" for all, then
    /// "Deleted: …"). Names that are not lists are errors; the others are removed.
    /// </summary>
    public async Task<(IReadOnlyList<string> Lines, IReadOnlyList<BerthException> Errors)> RemoveListsAsync(IReadOnlyList<string> names, CancellationToken cancellationToken)
    {
        var errors = new List<BerthException>();
        var found = new List<StoredImage>();
        foreach (var name in names)
        {
            try
            {
                var list = Find(name).Image;
                if (found.All(f => f.Id != list.Id))
                {
                    found.Add(list);
                }
            }
            catch (BerthException e)
            {
                errors.Add(e);
            }
        }

        var lines = found.SelectMany(f => f.Names.Select(n => "Untagged: " + n)).ToList();
        foreach (var list in found)
        {
            await DeleteAsync(list, cancellationToken).ConfigureAwait(false);
            lines.Add("Deleted: " + list.Id);
        }

        return (lines, errors);
    }

    /// <summary>The list a user means; NotFound "NAME: image not known", or "FULL-NAME: image is not a manifest list".</summary>
    public ManifestList Find(string name)
    {
        var stored = images.TryFindStored(name) ?? throw ImageService.NotKnown(name);
        return stored.IsManifestList ? Load(stored) : throw NotAList(name, stored);
    }

    private ManifestList Load(StoredImage stored)
    {
        var bytes = File.ReadAllBytes(images.Store.Content.PathOf(stored.ManifestDigest));
        var index = ImageDocuments.ParseIndex(bytes, $"manifest list {stored.Id}");
        return new ManifestList(stored, index, images.Store.Images.ManifestListSources(stored.Id));
    }

    private async Task<StoredImage> SaveAsync(ManifestList list, ImageIndex index, IReadOnlyDictionary<Digest, string> sources, CancellationToken cancellationToken)
    {
        var blob = await WriteIndexAsync(index, cancellationToken).ConfigureAwait(false);
        var updated = images.Store.Images.UpdateManifestList(list.Id, blob, sources);
        if (list.Image.ManifestDigest != blob.Digest)
        {
            foreach (var unowned in images.Store.Images.UnownedBlobs([list.Image.ManifestDigest]))
            {
                images.Store.Content.Delete(unowned);
            }
        }

        return updated;
    }

    private async Task<Descriptor> WriteIndexAsync(ImageIndex index, CancellationToken cancellationToken)
    {
        var bytes = ManifestListDocument.Serialize(index);
        await images.Store.Content.WriteBytesAsync(bytes, cancellationToken).ConfigureAwait(false);
        return new Descriptor { MediaType = index.MediaType ?? MediaTypes.DockerManifestList, Digest = Digest.Compute(bytes), Size = bytes.LongLength };
    }

    private async Task DeleteAsync(StoredImage list, CancellationToken cancellationToken)
    {
        await images.RemoveAsync(list.Id, force: true, cancellationToken).ConfigureAwait(false);
    }

    private static BerthException NotAList(string requested, StoredImage stored)
    {
        var name = stored.Names.FirstOrDefault(n => n == requested || n == requested + ":latest"
            || n.EndsWith("/" + requested, StringComparison.Ordinal) || n.EndsWith("/" + requested + ":latest", StringComparison.Ordinal)) ?? requested;
        return new BerthException(ErrorKind.InvalidArgument, $"{name}: image is not a manifest list");
    }

    private static Digest ParseDigest(string text) => Digest.TryParse(text, out var digest)
        ? digest
        : throw new BerthException(ErrorKind.InvalidArgument, $"invalid image digest \"{text}\": invalid checksum digest format");

    /// <summary>Where a name without a transport is read from remotely: docker://, short names resolved as pull does.</summary>
    private ImageLocation RemoteLocation(string name)
    {
        if (ImageLocation.HasTransport(name))
        {
            return ImageLocation.Parse(name);
        }

        var reference = ShortNameResolver.Resolve(name, images.Engine.RegistriesConf)[0].Reference;
        return ImageLocation.Parse("docker://" + reference);
    }
}

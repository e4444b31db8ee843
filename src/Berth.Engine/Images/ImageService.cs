using System.Text.Json;
using Berth.Oci;
using Berth.Storage;
using StoredImage = Berth.Storage.Images.Image;

namespace Berth.Engine.Images;

/// <summary>
/// The local images: lookup by name or ID with podman's short-name rules, listing with filters, tags and removal.
/// Pulls are in <see cref="ImagePuller"/>. One instance per command; dispose it to close the store.
/// </summary>
public sealed class ImageService(BerthEngine engine) : IDisposable
{
    private Store? _store;

    public BerthEngine Engine => engine;

    public Store Store => _store ??= Store.Open(engine.StorageConf);

    public void Dispose() => _store?.Dispose();

    public IReadOnlyList<LocalImage> List(IEnumerable<string> filters)
    {
        var parents = Store.BuildCache.ImagesWithChildren();
        var images = Store.Images.List().Select(ToLocal).Select(i => i.Dangling && parents.Contains(i.Id) ? i with { Intermediate = true } : i).ToList();
        var parsed = ImageFilters.Parse(filters, Find);
        return images.Where(parsed.Matches).ToList();
    }

    /// <summary>The image a user means by <paramref name="nameOrId"/>, or NotFound "NAME: image not known".</summary>
    public LocalImage Find(string nameOrId) =>
        TryFindStored(nameOrId) is { } image ? ToLocal(image) : throw NotKnown(nameOrId);

    public LocalImage? TryFind(string nameOrId) => TryFindStored(nameOrId) is { } image ? ToLocal(image) : null;

    public static BerthException NotKnown(string name) => new(ErrorKind.NotFound, $"{name}: image not known");

    internal StoredImage? TryFindStored(string nameOrId)
    {
        var images = Store.Images;
        var id = nameOrId.StartsWith("sha256:", StringComparison.Ordinal) ? nameOrId[7..] : nameOrId;
        if (id.Length >= 3 && id.Length <= 64 && id.All(Uri.IsHexDigit) && id.All(c => !char.IsUpper(c)))
        {
            if ((images.Get(id) ?? images.FindByIdPrefix(id)) is { } byId)
            {
                return byId;
            }
        }

        if (!ImageReference.TryParse(nameOrId, out var reference, out _))
        {
            return null;
        }

        if (reference.Digest is { } digest)
        {
            var repo = reference.Name;
            var byDigest = images.List().FirstOrDefault(i => i.ManifestDigest == digest && (reference.IsShortName
                ? i.Digests.Concat(i.Names).Any(n => n.EndsWith("/" + reference.Path + "@" + digest, StringComparison.Ordinal) || n.StartsWith("localhost/" + reference.Path, StringComparison.Ordinal))
                : i.Digests.Any(d => d == $"{repo}@{digest}") || i.Names.Any(n => n.StartsWith(repo + ":", StringComparison.Ordinal) || n == repo)));
            if (byDigest is not null)
            {
                return byDigest;
            }
        }

        foreach (var candidate in ShortNameResolver.LocalCandidates(nameOrId, () => engine.RegistriesConf))
        {
            if (candidate.Digest is null && images.GetByName(candidate.ToString()) is { } byName)
            {
                return byName;
            }
        }

        if (reference.IsShortName && reference.Digest is null)
        {
            // libimage: a short name also matches a name on any registry whose repository ends with it.
            var suffix = "/" + reference.WithDefaultTag().ToString();
            return images.List().FirstOrDefault(i => i.Names.Any(n => n.EndsWith(suffix, StringComparison.Ordinal)));
        }

        return null;
    }

    /// <summary>The full name a user-given target name stands for: short names live on <c>localhost/</c>, tag defaults to latest.</summary>
    public static string NormalizeTargetName(string name)
    {
        var reference = ImageReference.Parse(name);
        if (reference.Digest is not null)
        {
            throw new BerthException(ErrorKind.InvalidArgument, $"\"{name}\": tag by digest not supported");
        }

        return (reference.IsShortName ? reference.OnRegistry("localhost") : reference).WithDefaultTag().ToString();
    }

    public void Tag(LocalImage image, IEnumerable<string> names)
    {
        foreach (var name in names)
        {
            Store.Images.Tag(image.Id, NormalizeTargetName(name));
        }
    }

    /// <summary>Removes the given names, or every name when none is given.</summary>
    public void Untag(LocalImage image, IReadOnlyList<string> names)
    {
        IEnumerable<string> targets = names.Count == 0 ? image.Names : names.Select(n =>
        {
            var full = NormalizeTargetName(n);
            return image.Names.Contains(full) ? full : throw new BerthException(ErrorKind.NotFound, $"{n}: tag not known");
        }).ToList();
        foreach (var name in targets)
        {
            Store.Images.Untag(image.Id, name);
        }
    }

    /// <summary>
    /// podman rmi for one name: a name of an image with other names is only untagged; otherwise the image and the layers
    /// nobody else uses are deleted. Returns the lines podman prints ("Untagged: …", "Deleted: …").
    /// </summary>
    public async Task<IReadOnlyList<string>> RemoveAsync(string nameOrId, bool force, CancellationToken cancellationToken)
    {
        var stored = TryFindStored(nameOrId) ?? throw NotKnown(nameOrId);
        var lines = new List<string>();
        var isId = stored.Id.StartsWith(nameOrId.StartsWith("sha256:", StringComparison.Ordinal) ? nameOrId[7..] : nameOrId, StringComparison.Ordinal);
        if (!isId && stored.Names.Count > 1 && !force)
        {
            var name = stored.Names.FirstOrDefault(n => n == NormalizeOrSelf(nameOrId)) ?? ShortNameResolver.LocalCandidates(nameOrId, () => engine.RegistriesConf).Select(c => c.ToString()).FirstOrDefault(stored.Names.Contains);
            if (name is not null)
            {
                Store.Images.Untag(stored.Id, name);
                lines.Add("Untagged: " + name);
                return lines;
            }
        }

        if (stored.Names.Count > 1 && isId && !force)
        {
            throw new BerthException(ErrorKind.Conflict,
                $"unable to delete image \"{stored.Id}\" by ID with more than one tag ([{string.Join(' ', stored.Names)}]): please force removal");
        }

        if (Store.Containers.UsingImage(stored.Id) is [var user, ..])
        {
            // rmi -f removes the containers first (the CLI does, through the container service).
            throw new BerthException(ErrorKind.Conflict,
                $"image used by {user}: image is in use by a container: consider listing external containers and force-removing image");
        }

        lines.AddRange(stored.Names.Select(n => "Untagged: " + n));
        var parent = Store.BuildCache.ParentOf(stored.Id);
        await DeleteAsync(stored, cancellationToken).ConfigureAwait(false);
        lines.Add("Deleted: " + stored.Id);

        // Like podman, the build's intermediate images go too: unnamed parents nothing else is built on or runs from.
        while (parent is not null && Store.Images.Get(parent) is { Names.Count: 0 } unnamed
            && Store.BuildCache.ChildrenOf(unnamed.Id).Count == 0 && Store.Containers.UsingImage(unnamed.Id).Count == 0)
        {
            parent = Store.BuildCache.ParentOf(unnamed.Id);
            await DeleteAsync(unnamed, cancellationToken).ConfigureAwait(false);
            lines.Add("Deleted: " + unnamed.Id);
        }

        return lines;
    }

    /// <summary>Deletes the image record, the layers nothing else uses any more (top first) and its unowned blobs.</summary>
    private async Task DeleteAsync(StoredImage stored, CancellationToken cancellationToken)
    {
        foreach (var layer in Store.Images.Remove(stored.Id))
        {
            await Store.Layers.RemoveAsync(layer, cancellationToken).ConfigureAwait(false);
        }

        foreach (var blob in Store.Images.UnownedBlobs(stored.Blobs))
        {
            Store.Content.Delete(blob);
        }
    }

    /// <summary>
    /// The image to use for a name that may be a manifest list: an image as it is; for a list, the stored image of the
    /// host platform's entry (as libimage resolves a local list), else podman's "no image found in image index for
    /// architecture …: image not known".
    /// </summary>
    public LocalImage ForPlatform(LocalImage image)
    {
        if (!MediaTypes.IsIndex(image.ManifestMediaType))
        {
            return image;
        }

        var index = ImageDocuments.ParseIndex(File.ReadAllBytes(Store.Content.PathOf(image.ManifestDigest)), $"manifest list {image.Id}");
        var host = Berth.Oci.Platform.Host;
        var entry = index.Manifests.FirstOrDefault(m => m.Platform is { } p && p.OS == host.OS && p.Architecture == host.Architecture
            && (host.Variant is null || p.Variant == host.Variant));
        var stored = entry is null ? null : Store.Images.List().FirstOrDefault(i => !i.IsManifestList && i.ManifestDigest == entry.Digest);
        return stored is not null
            ? ToLocal(stored)
            : throw new BerthException(ErrorKind.NotFound,
                $"no image found in image index for architecture {host.Architecture}, variant \"{host.Variant}\", OS {host.OS}: image not known");
    }

    /// <summary>The image with its manifest's annotations (inspect shows them; listing does not read manifests).</summary>
    public LocalImage WithAnnotations(LocalImage image)
    {
        if (MediaTypes.IsIndex(image.ManifestMediaType))
        {
            return image;
        }

        var manifest = ImageDocuments.ParseManifest(File.ReadAllBytes(Store.Content.PathOf(image.ManifestDigest)), $"image {image.Id}: manifest {image.ManifestDigest}");
        return manifest.Annotations is { Count: > 0 } annotations ? image with { Annotations = annotations } : image;
    }

    /// <summary>Uncompressed sizes of the image's layers, bottom first (for history).</summary>
    public IReadOnlyList<long> LayerSizes(LocalImage image)
    {
        var stored = Store.Images.Get(image.Id) ?? throw NotKnown(image.Id);
        return stored.Layers.Select(l => Store.Layers.Get(l)?.UncompressedSize ?? 0).ToList();
    }

    private static string NormalizeOrSelf(string name) => ImageReference.TryParse(name, out var r, out _) && !r.IsShortName ? r.WithDefaultTag().ToString() : name;

    public LocalImage ToLocal(StoredImage image)
    {
        // A manifest list (an index, no config) lists with an empty config, created when it was made, as podman shows it.
        var config = image.IsManifestList
            ? new ImageConfiguration { Architecture = "", OS = "", RootFs = new RootFs { Type = "layers", DiffIds = [] } }
            : ImageDocuments.ParseConfig(File.ReadAllBytes(Store.Content.PathOf(image.ConfigDigest)), $"image {image.Id}: config {image.ConfigDigest}");

        return new LocalImage
        {
            Id = image.Id,
            ManifestDigest = image.ManifestDigest,
            ManifestMediaType = image.ManifestMediaType,
            Names = image.Names,
            Digests = image.Digests,
            NamesHistory = image.NamesHistory,
            Config = config,
            Size = image.Size,
            Created = config.Created ?? image.Added,
            StorageDriver = Store.DriverName,
            ReadOnly = image.ReadOnly,
        };
    }
}

using Berth.Oci;

namespace Berth.Engine.Images;

/// <summary>
/// podman image prune: removes dangling images (no names and no child image), or with <c>all</c> every image no
/// container uses, among those the user's filters select; read-only images are kept. As podman does, it repeats until
/// a round removes nothing, so parents left dangling by a removed child go too. Layers and blobs are collected as rmi
/// collects them.
/// </summary>
public sealed class ImagePruner(ImageService images)
{
    /// <summary>Returns the full IDs of the removed images, in removal order.</summary>
    public async Task<IReadOnlyList<string>> PruneAsync(bool all, IReadOnlyList<string> filters, CancellationToken cancellationToken)
    {
        // Validate the filters once up front, so a bad one fails before anything is removed.
        _ = images.List(filters);
        var removed = new List<string>();
        while (true)
        {
            var batch = Candidates(all, filters);
            if (batch.Count == 0)
            {
                return removed;
            }

            foreach (var id in batch)
            {
                await images.RemoveAsync(id, force: true, cancellationToken).ConfigureAwait(false);
                removed.Add(id);
            }
        }
    }

    private List<string> Candidates(bool all, IReadOnlyList<string> filters)
    {
        var store = images.Store;
        var stored = store.Images.List().ToDictionary(i => i.Id, StringComparer.Ordinal);
        var usedByContainers = store.Layers.ListContainerLayers()
            .Where(c => c.ParentChainId is not null)
            .Select(c => c.ParentChainId!.Value)
            .ToHashSet();
        var local = stored.Values.Select(images.ToLocal).ToList();
        var selected = images.List(filters);
        return selected
            .Where(i => !i.ReadOnly)
            .Where(i => stored[i.Id].TopLayer is not { } top || !usedByContainers.Contains(top))
            .Where(i => all || (i.Dangling && !HasChild(i, local)))
            .Select(i => i.Id)
            .ToList();
    }

    /// <summary>
    /// libimage's areParentAndChild for any other image: the child uses all of the parent's diff IDs (and maybe one
    /// more), and its history is the parent's plus one entry.
    /// </summary>
    public static bool HasChild(LocalImage parent, IReadOnlyList<LocalImage> others)
    {
        var parentDiffs = parent.Config.RootFs.DiffIds;
        var parentHistory = parent.Config.History ?? [];
        foreach (var child in others)
        {
            if (child.Id == parent.Id)
            {
                continue;
            }

            var childDiffs = child.Config.RootFs.DiffIds;
            var childHistory = child.Config.History ?? [];
            if (parentDiffs.Count > childDiffs.Count || !parentDiffs.SequenceEqual(childDiffs.Take(parentDiffs.Count)))
            {
                continue;
            }

            if (parentHistory.Count + 1 == childHistory.Count && parentHistory.Zip(childHistory).All(p => SameHistory(p.First, p.Second)))
            {
                return true;
            }
        }

        return false;
    }

    private static bool SameHistory(HistoryEntry a, HistoryEntry b) =>
        a.CreatedBy == b.CreatedBy && a.Comment == b.Comment && a.Author == b.Author &&
        (a.EmptyLayer ?? false) == (b.EmptyLayer ?? false) && a.Created == b.Created;
}

using Berth.Storage.Sqlite;

namespace Berth.Storage.Builds;

/// <summary>
/// The build layer cache and image parentage. A cache key (the hash of everything a build step depends on: its parent
/// image, instruction, build arguments in use, source contents) names the image the step made; a row disappears with
/// its image. Parents say which image a built image was made from: unnamed parents are podman's "intermediate" images.
/// </summary>
public sealed class BuildCacheStore
{
    private readonly StoreDatabase db;

    internal BuildCacheStore(StoreDatabase db)
    {
        this.db = db;
    }

    /// <summary>The image recorded for <paramref name="key"/>, or null.</summary>
    public string? Lookup(string key) =>
        db.Read(s => s.Query("SELECT image_id FROM build_cache WHERE key = $k", r => r.GetString(0), ("$k", key))).FirstOrDefault();

    /// <summary>Records that <paramref name="key"/> made <paramref name="imageId"/> (the image must exist).</summary>
    public void Record(string key, string imageId) => db.Write(s => s.Execute(
        "INSERT OR REPLACE INTO build_cache (key, image_id, created_ticks) VALUES ($k, $i, $t)",
        ("$k", key),
        ("$i", imageId),
        ("$t", DateTimeOffset.UtcNow.UtcTicks)));

    /// <summary>Records <paramref name="parentId"/> as the parent of <paramref name="imageId"/> (first record wins).</summary>
    public void RecordParent(string imageId, string parentId) => db.Write(s => s.Execute(
        "INSERT OR IGNORE INTO image_parents (image_id, parent_id) VALUES ($i, $p)",
        ("$i", imageId),
        ("$p", parentId)));

    /// <summary>The recorded parent of an image, or null.</summary>
    public string? ParentOf(string imageId) =>
        db.Read(s => s.Query("SELECT parent_id FROM image_parents WHERE image_id = $i", r => r.GetString(0), ("$i", imageId))).FirstOrDefault();

    /// <summary>Every image that has at least one child image in the store.</summary>
    public IReadOnlySet<string> ImagesWithChildren() =>
        db.Read(s => s.Query("SELECT DISTINCT parent_id FROM image_parents", r => r.GetString(0))).ToHashSet(StringComparer.Ordinal);

    /// <summary>The images whose recorded parent is <paramref name="parentId"/>.</summary>
    public IReadOnlyList<string> ChildrenOf(string parentId) =>
        db.Read(s => s.Query("SELECT image_id FROM image_parents WHERE parent_id = $p", r => r.GetString(0), ("$p", parentId)));
}

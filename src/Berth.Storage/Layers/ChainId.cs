using System.Text;
using Berth.Oci;

namespace Berth.Storage.Layers;

/// <summary>
/// Chain IDs (image-spec config.md, "Layer ChainID"): the identity of a layer together with everything below it.
/// <c>ChainID(L0) = DiffID(L0)</c>; <c>ChainID(Ln) = sha256(ChainID(Ln-1) + " " + DiffID(Ln))</c>.
/// </summary>
public static class ChainId
{
    /// <summary>The chain ID of a layer with diff ID <paramref name="diffId"/> on top of <paramref name="parent"/> (null: a base layer).</summary>
    public static Digest Compute(Digest? parent, Digest diffId) =>
        parent is { } p ? Digest.Compute(Encoding.UTF8.GetBytes($"{p} {diffId}")) : diffId;

    /// <summary>The chain IDs of every layer of an image, bottom first, from its rootfs diff IDs.</summary>
    public static IReadOnlyList<Digest> ComputeAll(IEnumerable<Digest> diffIds)
    {
        var chain = new List<Digest>();
        Digest? parent = null;
        foreach (var diffId in diffIds)
        {
            var id = Compute(parent, diffId);
            chain.Add(id);
            parent = id;
        }

        return chain;
    }
}

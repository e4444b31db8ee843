using System.Security.Cryptography;
using System.Text;
using Berth.Oci;
using Berth.Storage.Images;

namespace Berth.Build.Execution;

/// <summary>
/// The layer cache: the local table first, then (<c>--cache-from</c>) the image tagged with the step's cache key in a
/// registry repository; each step's image is pushed under its key with <c>--cache-to</c>. <c>--cache-ttl</c> leaves
/// out images created longer ago. What is printed follows podman 4.3.1.
/// </summary>
internal sealed partial class StageBuilder
{
    /// <summary>The key of the target's last step when its image is to be pushed once it is committed and named.</summary>
    private string? finalPushKey;

    private bool PushesCache => options.CacheTo is not null && CommitEachStep;

    /// <summary>The image the cache has for <paramref name="key"/>: local, or pulled from <c>--cache-from</c> (then
    /// <paramref name="pulled"/> is set: such an image is not pushed back).</summary>
    private async Task<(Image? Image, bool Pulled)> FindCachedAsync(string key, StepPlan plan, CancellationToken cancellationToken)
    {
        if (!CacheEnabled)
        {
            return (null, false);
        }

        var host = builders.Host;
        if (host.Store.BuildCache.Lookup(key) is { } cachedId && host.FindImage(cachedId) is { } local
            && RegistryCache.IsFresh(local.Created, options.CacheTtl, DateTimeOffset.UtcNow))
        {
            return (local, false);
        }

        if (options.CacheFrom is not { } from)
        {
            return (null, false);
        }

        var reference = from.ReferenceFor(key);
        if (await host.PullCacheAsync(reference, cancellationToken).ConfigureAwait(false) is not { } remote)
        {
            return (null, false);
        }

        output.Line($"--> Cache pulled from remote {reference}");
        if (!Extends(remote, plan) || !RegistryCache.IsFresh(remote.Created, options.CacheTtl, DateTimeOffset.UtcNow))
        {
            return (null, false);
        }

        host.Store.BuildCache.Record(key, remote.Id);
        if (parent is not null && parent.Id != remote.Id)
        {
            host.Store.BuildCache.RecordParent(remote.Id, parent.Id);
        }

        return (remote, true);
    }

    /// <summary>
    /// A pulled image can stand for the step only when it is built on the parent: the parent's layers, plus one for a
    /// step that changes files (a tag is only a name, so what it points at is checked).
    /// </summary>
    private bool Extends(Image image, StepPlan plan)
    {
        var below = parent?.Layers ?? [];
        var expected = below.Count + (plan.ChangesFiles ? 1 : 0);
        return image.Layers.Count == expected && below.SequenceEqual(image.Layers.Take(below.Count));
    }

    /// <summary><c>--cache-to</c>: the step's image pushed as <c>repository:key</c> (podman prints the line first).</summary>
    private async Task PushCacheAsync(Image image, string key, CancellationToken cancellationToken)
    {
        if (options.CacheTo is not { } to)
        {
            return;
        }

        var reference = to.ReferenceFor(key);
        output.Line($"--> Pushing cache {reference}");
        try
        {
            await builders.Host.PushCacheAsync(image.Id, reference, cancellationToken).ConfigureAwait(false);
        }
        catch (BerthException e)
        {
            throw new BerthException(e.Kind, $"{PushFailure}{to.GoQuoted(key)}: {e.Message}", e);
        }
    }

    /// <summary>How a failed cache push starts its message (podman prints it without the step).</summary>
    private const string PushFailure = "failed pushing cache to ";

    /// <summary>The cache key: everything the step's result depends on, hashed (also the tag of its registry cache
    /// image, so it must not depend on anything of this store but the parent's ID, which is its config's digest).</summary>
    internal static string ComputeCacheKey(string? parentId, StepPlan plan, BuildOptions options, bool finalStep)
    {
        var text = new StringBuilder("berth-build-v1\n");
        text.Append(parentId ?? "scratch").Append('\n');
        text.Append(plan.CreatedBy).Append('\n');
        text.Append(plan.KeyExtra).Append('\n');
        text.Append(options.Format).Append('\n');
        text.Append(string.Join('\u0000', options.Env)).Append('\n');
        if (finalStep)
        {
            foreach (var (k, v) in options.Labels.OrderBy(l => l.Key, StringComparer.Ordinal))
            {
                text.Append("label ").Append(k).Append('=').Append(v).Append('\n');
            }

            // podman 4.3.1 leaves these out of its cache key and hands back an image without them; Berth does not.
            foreach (var (k, v) in options.Annotations.OrderBy(l => l.Key, StringComparer.Ordinal))
            {
                text.Append("annotation ").Append(k).Append('=').Append(v).Append('\n');
            }

            foreach (var name in options.UnsetEnv)
            {
                text.Append("unsetenv ").Append(name).Append('\n');
            }

            text.Append(options.OmitHistory ? "omit-history\n" : "");
        }

        if (plan.Config is { } result)
        {
            text.Append(System.Text.Json.JsonSerializer.Serialize(result.Config ?? new ContainerConfig(), OciJsonContext.Default.ContainerConfig));
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }
}

using Berth.Engine.Images;

namespace Berth.Engine.Containers;

/// <summary>
/// <c>berth container prune</c>: removes every container that is not running or paused (configured, created, stopped,
/// exited) and matches the filters (<c>label=key[=value]</c>, <c>label!=…</c>, <c>until=time|duration</c>).
/// </summary>
public sealed class ContainerPruner(ContainerService containers)
{
    /// <summary>Removes the prunable containers; returns the IDs removed, oldest first, and the failures.</summary>
    public async Task<(IReadOnlyList<string> Removed, IReadOnlyList<BerthException> Errors)> PruneAsync(IReadOnlyList<string> filters, CancellationToken cancellationToken)
    {
        var match = Filter(filters);
        var removed = new List<string>();
        var errors = new List<BerthException>();
        foreach (var c in containers.List())
        {
            if (c.State.Status is ContainerStatus.Running or ContainerStatus.Paused or ContainerStatus.Stopping or ContainerStatus.Removing || !match(c))
            {
                continue;
            }

            try
            {
                await containers.RemoveAsync(c, new RemoveOptions(), cancellationToken).ConfigureAwait(false);
                removed.Add(c.Id);
            }
            catch (BerthException e)
            {
                errors.Add(e);
            }
        }

        return (removed, errors);
    }

    /// <summary>The filters as one predicate; every filter must match (podman's prune filters).</summary>
    public static Func<Container, bool> Filter(IReadOnlyList<string> filters)
    {
        var tests = new List<Func<Container, bool>>();
        foreach (var filter in filters)
        {
            var eq = filter.IndexOf('=', StringComparison.Ordinal);
            if (eq < 0)
            {
                throw new BerthException(ErrorKind.InvalidArgument, $"invalid filter \"{filter}\"");
            }

            var key = filter[..eq];
            var value = filter[(eq + 1)..];
            tests.Add(key switch
            {
                "label" => c => HasLabel(c, value),
                "label!" => c => !HasLabel(c, value),
                "until" => Until(value),
                _ => throw new BerthException(ErrorKind.InvalidArgument, $"{key} is an invalid filter"),
            });
        }

        return c => tests.All(t => t(c));
    }

    private static Func<Container, bool> Until(string value)
    {
        var limit = ImageFilters.ParseTimeOrDuration(value)
            ?? throw new BerthException(ErrorKind.InvalidArgument, $"failed to parse value as time or duration: \"{value}\"");
        return c => c.Config.Created < limit;
    }

    /// <summary>label=key (any value) or label=key=value.</summary>
    private static bool HasLabel(Container c, string spec)
    {
        var eq = spec.IndexOf('=', StringComparison.Ordinal);
        var key = eq < 0 ? spec : spec[..eq];
        return c.Config.Labels.TryGetValue(key, out var actual) && (eq < 0 || actual == spec[(eq + 1)..]);
    }
}

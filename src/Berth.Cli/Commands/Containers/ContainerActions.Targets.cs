using Berth.Cli.CommandLine;
using Berth.Engine.Containers;

namespace Berth.Cli.Commands;

/// <summary>The containers a command acts on (names/IDs, <c>--all</c>, <c>--latest</c>, <c>--cidfile</c>) and podman's way of
/// reporting several failures: every error but the last printed as an <c>Error:</c> line, the last one thrown.</summary>
public static partial class ContainerActions
{
    internal static ContainerService Open(Invocation invocation) => new(EngineFactory.Create(invocation));

    /// <summary>(what the user typed, the container) for each target; unknown names fail with podman's message.</summary>
    internal static List<(string Raw, Container? Container)> Targets(Invocation invocation, ContainerService service, bool ignoreMissing = false)
    {
        var o = invocation.Options;
        var all = o.Changed("all") && o.GetBool("all");
        var latest = o.Changed("latest") && o.GetBool("latest");
        var names = new List<string>(invocation.Arguments);
        if (o.Changed("cidfile"))
        {
            foreach (var file in o.GetStrings("cidfile"))
            {
                names.Add(ReadCidFile(file));
            }
        }

        if ((all || latest) && names.Count > 0)
        {
            throw new UsageException("--all, --latest and containers cannot be used together");
        }

        if (all)
        {
            return [.. service.List().Select(c => (c.Id, (Container?)c))];
        }

        if (latest)
        {
            var c = service.Latest();
            return [(c.Id, c)];
        }

        if (names.Count == 0)
        {
            throw new UsageException($"you must provide at least one container name or ID");
        }

        var result = new List<(string, Container?)>();
        foreach (var name in names)
        {
            var c = service.TryFind(name);
            if (c is null && !ignoreMissing)
            {
                throw ContainerService.NotFound(name);
            }

            result.Add((name, c));
        }

        return result;
    }

    /// <summary>Runs <paramref name="act"/> on each target; prints the earlier errors and throws the last (podman).</summary>
    internal static async Task<int> ForEach(Invocation invocation, IEnumerable<(string Raw, Container? Container)> targets, Func<string, Container, Task> act)
    {
        BerthException? last = null;
        foreach (var (raw, container) in targets)
        {
            if (container is null)
            {
                continue;
            }

            try
            {
                await act(raw, container).ConfigureAwait(false);
            }
            catch (BerthException e)
            {
                if (last is not null)
                {
                    invocation.Error.WriteLine("Error: " + last.Message);
                }

                last = e;
            }
        }

        return last is null ? 0 : throw last;
    }

    private static string ReadCidFile(string path)
    {
        try
        {
            return File.ReadAllText(path).Trim();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new BerthException(ErrorKind.InvalidArgument, $"reading CIDFile: {e.Message}", e);
        }
    }
}

using Berth.Build.Builders;
using Berth.Build.Context;
using Berth.Build.Copy;
using Berth.Cli.CommandLine;

namespace Berth.Cli.Commands.Buildah;

/// <summary>
/// <c>buildah copy</c> and <c>buildah add</c>: host paths (or, with <c>--from</c>, paths in another working container or
/// image) copied into a working container's root file system by the build copier.
/// </summary>
public static class BuildahCopyActions
{
    public static Task<int> CopyAsync(Invocation invocation, CancellationToken cancellationToken) => RunAsync(invocation, isAdd: false, cancellationToken);

    public static Task<int> AddAsync(Invocation invocation, CancellationToken cancellationToken) => RunAsync(invocation, isAdd: true, cancellationToken);

    private static async Task<int> RunAsync(Invocation invocation, bool isAdd, CancellationToken cancellationToken)
    {
        var o = invocation.Options;
        var args = invocation.Arguments;
        if (args.Count == 0)
        {
            throw new BerthException(ErrorKind.InvalidArgument, "container ID must be specified");
        }

        if (args.Count == 1)
        {
            throw new BerthException(ErrorKind.InvalidArgument, "src must be specified");
        }

        BuildahSession.RefuseUnsupported(invocation, ["add-history"]);
        var contextDir = o.GetString("contextdir") is { Length: > 0 } c ? Path.GetFullPath(c) : null;
        if (o.GetString("ignorefile") is { Length: > 0 } && contextDir is null)
        {
            throw new BerthException(ErrorKind.InvalidArgument, "--ignorefile option requires that you specify a context dir using --contextdir");
        }

        var chmod = o.GetString("chmod") is { Length: > 0 } mode ? CopyOptions.ParseChmod(mode) : (uint?)null;
        using var session = BuildahSession.Open(invocation);
        var builders = session.Builders;
        var state = session.Find(args[0]);
        var sources = args.Skip(1).Take(Math.Max(1, args.Count - 2)).ToList();
        var workdir = state.Config.Config?.WorkingDir is { Length: > 0 } w ? w : "/";
        var destination = args.Count > 2 ? args[^1] : workdir;
        if (!destination.StartsWith('/'))
        {
            destination = workdir.TrimEnd('/') + "/" + destination;
        }

        var release = new List<Action>();
        try
        {
            var from = o.GetString("from") is { Length: > 0 } f ? f : null;
            var root = from is null ? contextDir ?? "/" : SourceRoot(session, from, release);
            var ignore = o.GetString("ignorefile") is { Length: > 0 } ignoreFile
                ? IgnorePatterns.Parse(await File.ReadAllTextAsync(ignoreFile, cancellationToken).ConfigureAwait(false), ignoreFile)
                : IgnorePatterns.None;
            var urls = sources.Where(IsUrl).Select(u => new UrlCopySource(new Uri(u)) { Pattern = u }).ToList();
            var local = sources.Where(s => !IsUrl(s)).Select(s => Inside(root, from is null ? Path.GetFullPath(s) : s, contextDir is not null && from is null)).ToList();
            var rootfs = builders.Mount(state);
            release.Add(() => builders.Unmount(state));
            using var resolver = new SourceResolver(root, ignore);
            IReadOnlyList<ContextSource> resolved;
            try
            {
                resolved = local.Count == 0 ? [] : resolver.Resolve(local);
            }
            catch (BerthException e) when (e.Kind == ErrorKind.NotFound)
            {
                throw new BerthException(ErrorKind.NotFound, $"adding content to container \"{args[0]}\": {e.Message}");
            }

            var copySources = new List<CopySource>();
            copySources.AddRange(resolved.Select(r => new LocalCopySource(root, r.RelativePath) { Pattern = r.Source }));
            copySources.AddRange(urls);
            await BuildCopier.CopyAsync(rootfs, copySources, new CopyDestination(destination) { WorkingDirectory = workdir }, new CopyOptions
            {
                IsAdd = isAdd,
                FromImage = from is not null,
                Chown = o.GetString("chown") is { Length: > 0 } owner ? owner : null,
                Chmod = chmod,
                IsIgnored = ignore.IsEmpty ? null : ignore.IsExcluded,
                MayIncludeBelow = ignore.IsEmpty ? null : ignore.MustWalkExcludedDirectory,
            }, cancellationToken).ConfigureAwait(false);
            if (!o.GetBool("quiet"))
            {
                // A digest of what was read (Berth's own content digest: buildah's is of its internal tar stream).
                var digest = ContentDigest.Compute(resolver, resolved, cancellationToken);
                invocation.Out.WriteLine(digest.Encoded);
            }
        }
        finally
        {
            for (var i = release.Count - 1; i >= 0; i--)
            {
                release[i]();
            }
        }

        return 0;
    }

    private static bool IsUrl(string source) =>
        source.StartsWith("http://", StringComparison.Ordinal) || source.StartsWith("https://", StringComparison.Ordinal);

    /// <summary>A host path as a path inside <paramref name="root"/>; with <c>--contextdir</c> it must be below it.</summary>
    private static string Inside(string root, string path, bool mustBeBelow)
    {
        if (root == "/" || !path.StartsWith('/'))
        {
            return path;
        }

        var relative = Path.GetRelativePath(root, path);
        if (mustBeBelow && (relative == ".." || relative.StartsWith("../", StringComparison.Ordinal)))
        {
            throw new BerthException(ErrorKind.InvalidArgument, $"checking on sources under \"{root}\": Rel: can't make {path} relative to {root}");
        }

        return relative;
    }

    /// <summary>The root file system <c>--from</c> names: a working container's (mounted) or an image's top layer.</summary>
    private static string SourceRoot(BuildahSession session, string from, List<Action> release)
    {
        var builders = session.Builders;
        if (builders.TryGet(from) is { } other)
        {
            var path = builders.Mount(other);
            release.Add(() => builders.Unmount(other));
            return path;
        }

        var image = builders.Host.FindImage(from) ?? throw new BerthException(ErrorKind.NotFound, $"{from}: image not known");
        if (image.TopLayer is not { } top)
        {
            throw new BerthException(ErrorKind.InvalidArgument, $"--from {from}: the image has no files");
        }

        var layers = builders.Host.Store.Layers;
        var mounted = layers.Mount(top);
        release.Add(() => layers.Unmount(top, force: false));
        return mounted;
    }
}

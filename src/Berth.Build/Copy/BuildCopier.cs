using System.Text;
using Berth.Archive;
using Berth.Platform;
using Berth.Platform.FileSystem;
using Microsoft.Win32.SafeHandles;

namespace Berth.Build.Copy;

/// <summary>
/// COPY and ADD into a container's root file system (the mounted root of a build container), with buildah 1.28's
/// semantics (podman build), plus the newer Dockerfile flags buildah 1.28 refuses (<c>--parents</c>, <c>--exclude</c>,
/// <c>--link</c>, <c>ADD --checksum</c>, heredocs) with Docker's meaning.
/// <para>
/// Safety: the root file system is hostile. Every write goes through directory handles reached with openat2
/// RESOLVE_IN_ROOT, so symlinks already in the image (<c>/etc -&gt; /host</c>, <c>/app -&gt; ../../..</c>) resolve
/// inside it, and the last component of an entry is never followed. Sources are read through handles too, resolved
/// inside their own root (the build context or another image's root). Archives cannot write outside their destination
/// directory. Everything that can fail before writing (sources, <c>--chown</c>, downloads, checksums, the destination's
/// shape) is checked first: then nothing is written.
/// </para>
/// </summary>
public static class BuildCopier
{
    /// <summary>Copies <paramref name="sources"/> to <paramref name="destination"/> inside <paramref name="rootfs"/>.</summary>
    /// <exception cref="BerthException">A missing source (NotFound), bad flags or an impossible destination
    /// (InvalidArgument, with podman's messages where it has them), a failed download, or an I/O error.</exception>
    public static async Task<CopyResult> CopyAsync(
        string rootfs,
        IReadOnlyList<CopySource> sources,
        CopyDestination destination,
        CopyOptions options,
        CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(rootfs);
        ArgumentNullException.ThrowIfNull(sources);
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentNullException.ThrowIfNull(options);
        if (sources.Count == 0)
        {
            throw BerthException.InvalidArgument("COPY and ADD need at least one source");
        }

        var checksum = CheckSources(sources, options);
        var destinationPath = DestinationPlanner.Clean(destination.Path);
        var owner = options.Chown is { } spec ? CopyOwner.Resolve(rootfs, spec) : options.FromImage ? (FileOwner?)null : new FileOwner(0, 0);
        var excludes = new ExcludePatterns(options.Excludes);
        var now = EntryMetadata.Time(options.Now ?? DateTimeOffset.UtcNow);

        using var sourceRoots = new SourceRoots();
        var shapes = new SourceShape[sources.Count];
        var archives = new ArchiveCompression?[sources.Count];
        for (var i = 0; i < sources.Count; i++)
        {
            (shapes[i], archives[i]) = sources[i] is LocalCopySource local
                ? await InspectAsync(sourceRoots.Open(local.Root), local, options.IsAdd, cancellationToken).ConfigureAwait(false)
                : (SourceShape.File, null);
        }

        var downloads = new UrlDownload?[sources.Count];
        var ownsClient = options.HttpClient is null && sources.Any(s => s is UrlCopySource);
        var client = options.HttpClient ?? (ownsClient ? new HttpClient() : null);
        try
        {
            for (var i = 0; i < sources.Count; i++)
            {
                if (sources[i] is UrlCopySource url)
                {
                    downloads[i] = await UrlDownload.FetchAsync(client!, url.Url, checksum, cancellationToken).ConfigureAwait(false);
                }
            }

            var errno = AtCalls.OpenDirectory(rootfs, out var rootHandle);
            if (errno != Errno.None)
            {
                throw new BerthException(ErrorKind.NotFound, $"cannot open the root file system {EntryPath.Quote(rootfs)}: {errno.Message()}");
            }

            var specCount = sources.Select((s, i) => s.Pattern ?? "\0" + i).Distinct(StringComparer.Ordinal).Count();
            using var top = new TargetWriter(rootHandle!, "/", owner ?? new FileOwner(0, 0), options, throughDanglingLinks: true);
            var plan = DestinationPlanner.Plan(destination, specCount, shapes[0], options.Parents, StateOf(rootHandle!, destinationPath));

            // The first write: the destination directory and its missing parents (0755, owned by the --chown owner).
            top.Directory(plan.Directory);
            errno = AtCalls.OpenDirectoryInRoot(rootHandle!, plan.Directory, out var extractRoot);
            if (errno != Errno.None)
            {
                throw CopyErrors.Io("/" + plan.Directory, "open directory", errno);
            }

            using var writer = new TargetWriter(extractRoot!, "/" + plan.Directory, owner ?? new FileOwner(0, 0), options);
            var tree = new TreeCopy(writer, options, owner, excludes);
            var extraction = new ArchiveExtraction(writer);
            for (var i = 0; i < sources.Count; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                switch (sources[i])
                {
                    case UrlCopySource:
                        WriteDownload(writer, downloads[i]!, plan.Rename, owner, options, now);
                        break;

                    case HeredocCopySource heredoc:
                        WriteHeredoc(writer, heredoc, plan.Rename, owner, options, now);
                        break;

                    case LocalCopySource local:
                        await CopyLocalAsync(writer, tree, extraction, sourceRoots.Open(local.Root), local, shapes[i], archives[i], plan.Rename, options, excludes, cancellationToken)
                            .ConfigureAwait(false);
                        break;
                }
            }

            writer.Finish();
            return new CopyResult(top.Entries + writer.Entries, writer.Bytes);
        }
        finally
        {
            foreach (var download in downloads)
            {
                download?.Dispose();
            }

            if (ownsClient)
            {
                client!.Dispose();
            }
        }
    }

    /// <summary>URLs only for ADD; a checksum only with URL sources.</summary>
    private static CopyChecksum? CheckSources(IReadOnlyList<CopySource> sources, CopyOptions options)
    {
        foreach (var source in sources)
        {
            if (source is UrlCopySource url)
            {
                if (!options.IsAdd)
                {
                    // buildah's words, "to be compatible with docker".
                    throw BerthException.InvalidArgument("source can't be a URL for COPY");
                }

                if (url.Url.Scheme is not ("http" or "https"))
                {
                    throw BerthException.InvalidArgument($"unsupported URL scheme in \"{url.Url}\": only http and https sources can be downloaded");
                }
            }
            else if (options.Checksum is not null)
            {
                throw BerthException.InvalidArgument("checksum can't be specified for non-HTTP(S) sources");
            }
        }

        return options.Checksum is null ? null : CopyChecksum.Parse(options.Checksum);
    }

    /// <summary>Resolves a local source inside its root (a named symlink is followed there) and tells what it is.</summary>
    private static async Task<(SourceShape, ArchiveCompression?)> InspectAsync(SafeFileHandle root, LocalCopySource source, bool isAdd, CancellationToken cancellationToken)
    {
        var path = EntryPath.Clean(source.Path) ?? throw BerthException.InvalidArgument($"source \"{source.Path}\" holds a NUL character");
        var errno = AtCalls.OpenPathInRoot(root, path, followLast: true, out var handle);
        if (errno is Errno.ENOENT or Errno.ENOTDIR)
        {
            // buildah's words (podman build: "checking on sources under ...").
            throw BerthException.NotFound($"checking on sources under \"{source.Root}\": copier: stat: \"/{path}\": no such file or directory");
        }

        if (errno != Errno.None)
        {
            throw CopyErrors.Source(source.Path, "resolve", errno);
        }

        using (handle)
        {
            errno = DescriptorCalls.Stat(handle!, out var status);
            if (errno != Errno.None)
            {
                throw CopyErrors.Source(source.Path, "stat", errno);
            }

            switch (status.Kind)
            {
                case UnixFileKind.Directory:
                    return (SourceShape.Directory, null);
                case UnixFileKind.Regular when isAdd:
                    errno = AtCalls.OpenRegularFileInRoot(root, path, out var file);
                    if (errno != Errno.None)
                    {
                        throw CopyErrors.Source(source.Path, "open file", errno);
                    }

                    var stream = new FileStream(file!, FileAccess.Read, bufferSize: 0);
                    await using (stream.ConfigureAwait(false))
                    {
                        var compression = await ArchiveFormat.ProbeAsync(stream, cancellationToken).ConfigureAwait(false);
                        return (compression is null ? SourceShape.File : SourceShape.Archive, compression);
                    }

                case UnixFileKind.Regular:
                    return (SourceShape.File, null);
                default:
                    return (SourceShape.Other, null);
            }
        }
    }

    private static DestinationState StateOf(SafeFileHandle root, string path)
    {
        var errno = AtCalls.OpenPathInRoot(root, path, followLast: true, out var handle);
        if (errno == Errno.ENOENT && path.Length > 0 && AtCalls.OpenPathInRoot(root, path, followLast: false, out var link) == Errno.None)
        {
            // A dangling symlink: buildah takes it as a directory to make (its target, inside the root).
            using (link)
            {
                return DescriptorCalls.Stat(link!, out var status) == Errno.None && status.Kind == UnixFileKind.SymbolicLink
                    ? DestinationState.Directory
                    : DestinationState.Missing;
            }
        }

        if (errno is Errno.ENOENT or Errno.ENOTDIR)
        {
            return DestinationState.Missing;
        }

        if (errno != Errno.None)
        {
            throw errno == Errno.ELOOP
                ? BerthException.InvalidArgument($"checking on destination \"/{path}\": too many levels of symbolic links")
                : CopyErrors.Io("/" + path, "resolve", errno);
        }

        using (handle)
        {
            errno = DescriptorCalls.Stat(handle!, out var status);
            return errno != Errno.None ? throw CopyErrors.Io("/" + path, "stat", errno)
                : status.Kind == UnixFileKind.Directory ? DestinationState.Directory : DestinationState.NonDirectory;
        }
    }

    private static async Task CopyLocalAsync(
        TargetWriter writer, TreeCopy tree, ArchiveExtraction extraction, SafeFileHandle root, LocalCopySource source, SourceShape shape,
        ArchiveCompression? compression, string? rename, CopyOptions options, ExcludePatterns excludes, CancellationToken cancellationToken)
    {
        var path = EntryPath.Clean(source.Path)!;
        if (path.Length > 0 && !excludes.IsEmpty && excludes.Matches(EntryPath.Leaf(path)))
        {
            return;
        }

        if (shape == SourceShape.Archive && options.IsAdd)
        {
            var errno = AtCalls.OpenRegularFileInRoot(root, path, out var file);
            if (errno != Errno.None)
            {
                throw CopyErrors.Source(source.Path, "open file", errno);
            }

            var tar = ArchiveFormat.Decompress(new FileStream(file!, FileAccess.Read, bufferSize: 0), compression!.Value);
            await using (tar.ConfigureAwait(false))
            {
                await extraction.ExtractAsync(tar, options.Parents ? EntryPath.Parent(path) : "", source.Path, cancellationToken).ConfigureAwait(false);
            }

            return;
        }

        if (shape == SourceShape.Directory)
        {
            if (rename is not null)
            {
                throw BerthException.InvalidArgument($"cannot copy the directory \"{source.Path}\" to the file \"{writer.Display(rename)}\"");
            }

            tree.CopyItem(root, source, options.Parents ? path : "", cancellationToken);
            return;
        }

        tree.CopyItem(root, source, rename ?? (options.Parents ? path : EntryPath.Leaf(path)), cancellationToken);
    }

    private static void WriteDownload(TargetWriter writer, UrlDownload download, string? rename, FileOwner? owner, CopyOptions options, UnixTime now)
    {
        var name = rename ?? download.Name;
        if (name.Length == 0)
        {
            throw BerthException.InvalidArgument($"cannot tell a file name from the URL's path: give a destination file name (without a trailing /)");
        }

        var time = download.LastModified is { } modified ? EntryMetadata.Time(modified) : now;
        var metadata = new EntryMetadata(owner?.Uid ?? 0, owner?.Gid ?? 0, options.Chmod ?? 0b110_000_000, time, time);
        using var input = File.OpenHandle(download.TemporaryPath, FileMode.Open, FileAccess.Read);
        using var output = writer.CreateFile(name);
        var errno = FileCopyCalls.CopyToEnd(input, output, out var copied);
        if (errno != Errno.None)
        {
            throw CopyErrors.Io(writer.Display(name), "write the download", errno);
        }

        writer.FinishFile(output, name, metadata, copied);
    }

    private static void WriteHeredoc(TargetWriter writer, HeredocCopySource heredoc, string? rename, FileOwner? owner, CopyOptions options, UnixTime now)
    {
        var name = rename ?? (EntryPath.Clean(heredoc.Name) is { Length: > 0 } cleaned ? cleaned : throw BerthException.InvalidArgument($"heredoc name \"{heredoc.Name}\" is not a file name"));
        var bytes = Encoding.UTF8.GetBytes(heredoc.Content);
        var metadata = new EntryMetadata(owner?.Uid ?? 0, owner?.Gid ?? 0, options.Chmod ?? 0b110_100_100, now, now);
        using var output = writer.CreateFile(name);
        var errno = DescriptorCalls.Write(output, bytes, 0);
        if (errno != Errno.None)
        {
            throw CopyErrors.Io(writer.Display(name), "write the heredoc", errno);
        }

        writer.FinishFile(output, name, metadata, bytes.Length);
    }

    /// <summary>The open source roots (build context, other images' roots), one handle each.</summary>
    private sealed class SourceRoots : IDisposable
    {
        private readonly Dictionary<string, SafeFileHandle> _open = new(StringComparer.Ordinal);

        public SafeFileHandle Open(string root)
        {
            if (_open.TryGetValue(root, out var handle))
            {
                return handle;
            }

            var errno = AtCalls.OpenDirectory(root, out handle);
            if (errno != Errno.None)
            {
                throw BerthException.NotFound($"cannot open the source directory {EntryPath.Quote(root)}: {errno.Message()}");
            }

            _open[root] = handle!;
            return handle!;
        }

        public void Dispose()
        {
            foreach (var handle in _open.Values)
            {
                handle.Dispose();
            }
        }
    }
}

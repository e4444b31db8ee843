using System.Security.Cryptography;
using System.Text;
using Berth.Build.Containerfile;
using Berth.Build.Context;
using Berth.Build.Copy;

namespace Berth.Build.Execution;

internal sealed partial class StageBuilder
{
    /// <summary>
    /// COPY and ADD: sources resolved in the context (ignore files applied, nothing outside it read) or in another
    /// stage's or image's root file system (<c>--from</c>), their content digest in the history line and the cache key
    /// (podman's <c>COPY dir:&lt;digest&gt; in /dest </c>), the copy itself done by <see cref="BuildCopier"/>.
    /// </summary>
    private async Task<StepPlan> PlanCopyAsync(CopyInstruction copy, CancellationToken cancellationToken)
    {
        var from = copy.Flag("from") is { } f ? Expand(f) : null;
        var destination = Expand(copy.Destination);
        var workdir = string.IsNullOrEmpty(Run.WorkingDir) ? "/" : Run.WorkingDir;
        var absolute = destination.StartsWith('/') ? destination : workdir.TrimEnd('/') + "/" + destination;
        var sources = new List<CopySource>();
        var local = new List<string>();
        var key = new StringBuilder();
        foreach (var word in copy.Sources)
        {
            if (copy.HeredocFor(word) is { } heredoc)
            {
                sources.Add(new HeredocCopySource(heredoc.Name, heredoc.Content));
                key.Append("heredoc ").Append(heredoc.Name).Append(' ').Append(Hash(heredoc.Content)).Append('\n');
                continue;
            }

            var source = Expand(word);
            if (copy.IsAdd && (source.StartsWith("http://", StringComparison.Ordinal) || source.StartsWith("https://", StringComparison.Ordinal)))
            {
                sources.Add(new UrlCopySource(new Uri(source)));
                key.Append("url ").Append(source).Append('\n');
                continue;
            }

            local.Add(source);
        }

        string kind;
        string digest;
        Storage.Images.Image? fromImage = null;
        // --from names an earlier stage, else a --build-context (a directory is copied from like the context, without
        // its ignore file), else an image.
        var named = from is not null && FindStage(document, from, stage.Index) is null ? options.NamedContexts.GetValueOrDefault(from) : null;
        var contextDirectory = from is null ? options.ContextDirectory : named?.Directory;
        if (from is not null && contextDirectory is null)
        {
            fromImage = named?.Image is { } namedImage
                ? await builders.Host.ResolveImageAsync(namedImage, options.PullPolicy, output.Progress, cancellationToken).ConfigureAwait(false)
                : await SourceImageAsync(from, cancellationToken).ConfigureAwait(false);
            foreach (var source in local)
            {
                sources.Add(new LocalCopySource("", source.TrimStart('/')) { Pattern = source });
            }

            digest = Hash($"{fromImage.Id}\n{string.Join('\n', local)}");
            kind = local.Count == 1 ? "file" : "multi";
            key.Append("from ").Append(fromImage.Id).Append('\n');
        }
        else if (local.Count > 0 && contextDirectory is not null)
        {
            using var resolver = new SourceResolver(contextDirectory, from is null ? options.Ignore : IgnorePatterns.None);
            var resolved = resolver.Resolve(local);
            foreach (var item in resolved)
            {
                sources.Add(new LocalCopySource(contextDirectory, item.RelativePath) { Pattern = item.Source });
            }

            if (named is not null)
            {
                key.Append("context ").Append(contextDirectory).Append('\n');
            }

            digest = ContentDigest.Compute(resolver, resolved, cancellationToken).Encoded;
            kind = resolved.Count == 1 ? resolved[0].IsDirectory ? "dir" : "file" : "multi";
        }
        else
        {
            digest = Hash(key.ToString());
            kind = "multi";
        }

        foreach (var flag in copy.Flags)
        {
            key.Append("flag ").Append(flag.Name).Append('=').Append(flag.Value).Append('\n');
        }

        var copyOptions = new CopyOptions
        {
            IsAdd = copy.IsAdd,
            FromImage = fromImage is not null,
            Chown = copy.Flag("chown") is { } chown ? Expand(chown) : null,
            Chmod = copy.Flag("chmod") is { } chmod ? CopyOptions.ParseChmod(Expand(chmod)) : null,
            Parents = copy.BoolFlag("parents"),
            Link = copy.BoolFlag("link"),
            Excludes = copy.FlagValues("exclude").Select(Expand).ToList(),
            Checksum = copy.Flag("checksum") is { } checksum ? Expand(checksum) : null,
            IsIgnored = from is null && !options.Ignore.IsEmpty ? options.Ignore.IsExcluded : null,
            MayIncludeBelow = from is null && !options.Ignore.IsEmpty ? options.Ignore.MustWalkExcludedDirectory : null,
            Now = options.Timestamp,
        };
        return new StepPlan
        {
            CreatedBy = $"{Nop}{copy.Keyword} {kind}:{digest} in {destination} ",
            KeyExtra = key.ToString(),
            Execute = async (state, token) =>
            {
                var rootfs = builders.Mount(state);
                var layers = builders.Host.Store.Layers;
                var mountedTop = fromImage?.TopLayer;
                try
                {
                    var items = sources;
                    if (fromImage is not null)
                    {
                        var root = mountedTop is { } top ? layers.Mount(top) : throw BerthException.InvalidArgument($"{copy.Keyword} --from={from}: the image has no files to copy");
                        items = sources.Select(s => s is LocalCopySource l && l.Root.Length == 0 ? l with { Root = root } : s).ToList();
                    }

                    await BuildCopier.CopyAsync(rootfs, items, new CopyDestination(absolute) { WorkingDirectory = workdir }, copyOptions, token).ConfigureAwait(false);
                }
                finally
                {
                    if (mountedTop is { } top)
                    {
                        layers.Unmount(top, force: false);
                    }

                    builders.Unmount(state);
                }
            },
        };
    }

    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}

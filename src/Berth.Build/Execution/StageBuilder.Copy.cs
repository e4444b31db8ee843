using System.Security.Cryptography;
using System.Text;
using Berth.Build.Containerfile;

namespace Berth.Build.Execution;

internal sealed partial class StageBuilder
{
    /// <summary>COPY and ADD: sources from the context (or another stage/image), their content in the cache key.</summary>
    private StepPlan PlanCopy(CopyInstruction copy)
    {
        var sources = copy.Sources.Select(Expand).ToList();
        var destination = Expand(copy.Destination);
        var workdir = string.IsNullOrEmpty(Run.WorkingDir) ? "/" : Run.WorkingDir;
        var absolute = destination.StartsWith('/') ? destination : workdir.TrimEnd('/') + "/" + destination;
        var directoryTarget = destination.EndsWith('/') || destination is "." or "..";
        var from = copy.Flag("from");
        var contentDigest = from is null ? InterimCopy.Digest(options.ContextDirectory, sources) : "";
        var kind = sources.Count == 1 && from is null && File.Exists(Path.Combine(options.ContextDirectory, sources[0])) ? "file" : sources.Count == 1 ? "dir" : "multi";
        var createdBy = $"{Nop}{copy.Keyword} {kind}:{contentDigest} in {destination} ";
        return new StepPlan
        {
            CreatedBy = createdBy,
            KeyExtra = string.Join('\n', copy.Flags.Select(f => $"{f.Name}={f.Value}")) + "\n" + string.Join('\n', sources),
            Execute = async (state, cancellationToken) =>
            {
                var rootfs = builders.Mount(state);
                try
                {
                    string root = options.ContextDirectory;
                    Action? release = null;
                    if (from is not null)
                    {
                        var image = await SourceImageAsync(from, cancellationToken).ConfigureAwait(false);
                        var layers = builders.Host.Store.Layers;
                        root = image.TopLayer is { } top ? layers.Mount(top) : throw BerthException.InvalidArgument($"COPY --from={from}: the image has no files");
                        release = () => layers.Unmount(image.TopLayer!.Value, force: false);
                    }

                    try
                    {
                        InterimCopy.Copy(root, sources, rootfs, absolute, directoryTarget || sources.Count > 1);
                    }
                    finally
                    {
                        release?.Invoke();
                    }
                }
                finally
                {
                    builders.Unmount(state);
                }
            },
        };
    }
}

/// <summary>Plain copies until the context and copier pieces are wired in.</summary>
internal static class InterimCopy
{
    public static string Digest(string context, IReadOnlyList<string> sources)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var source in sources)
        {
            var path = Path.Combine(context, source.TrimStart('/'));
            var files = Directory.Exists(path) ? Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal) : (IEnumerable<string>)[path];
            foreach (var file in files)
            {
                hash.AppendData(Encoding.UTF8.GetBytes(Path.GetRelativePath(context, file) + "\0"));
                hash.AppendData(File.ReadAllBytes(file));
            }
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    public static void Copy(string root, IReadOnlyList<string> sources, string rootfs, string destination, bool directory)
    {
        foreach (var source in sources)
        {
            var from = Path.Combine(root, source.TrimStart('/'));
            var target = Path.Combine(rootfs, destination.TrimStart('/'));
            if (Directory.Exists(from))
            {
                foreach (var file in Directory.EnumerateFileSystemEntries(from, "*", SearchOption.AllDirectories))
                {
                    var to = Path.Combine(target, Path.GetRelativePath(from, file));
                    if (Directory.Exists(file))
                    {
                        Directory.CreateDirectory(to);
                    }
                    else
                    {
                        Directory.CreateDirectory(Path.GetDirectoryName(to)!);
                        File.Copy(file, to, overwrite: true);
                    }
                }
            }
            else
            {
                var to = directory ? Path.Combine(target, Path.GetFileName(from)) : target;
                Directory.CreateDirectory(Path.GetDirectoryName(to)!);
                File.Copy(from, to, overwrite: true);
            }
        }
    }
}

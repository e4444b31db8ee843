using Berth.Oci;

namespace Berth.Build.Execution;

/// <summary>
/// <c>RUN --mount=…</c> in spec form: <c>type=bind</c> (from the context, read-only, or from a stage or image),
/// <c>type=cache</c> (a directory kept in the store between builds, per id), <c>type=tmpfs</c>, <c>type=secret</c>
/// (the <c>--secret</c> file, read-only, at /run/secrets/&lt;id&gt;). Image mounts are released on dispose.
/// </summary>
internal sealed class RunMounts : IAsyncDisposable
{
    private readonly List<Action> release = [];

    private RunMounts()
    {
    }

    public List<RuntimeMount> Mounts { get; } = [];

    public static async Task<RunMounts> PrepareAsync(StageBuilder stage, IReadOnlyList<string> specs, CancellationToken cancellationToken)
    {
        var result = new RunMounts();
        try
        {
            foreach (var spec in specs)
            {
                await result.AddAsync(stage, spec, cancellationToken).ConfigureAwait(false);
            }
        }
        catch
        {
            await result.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return result;
    }

    /// <summary><c>-v src:dst[:opts]</c> of the build as bind mounts.</summary>
    public static IEnumerable<RuntimeMount> Volumes(IReadOnlyList<string> volumes) => Builders.VolumeBinds.Parse(volumes);

    private async Task AddAsync(StageBuilder stage, string spec, CancellationToken cancellationToken)
    {
        var fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var part in spec.Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            fields[eq < 0 ? part : part[..eq]] = eq < 0 ? "true" : stage.ExpandValue(part[(eq + 1)..]);
        }

        var type = fields.GetValueOrDefault("type", "bind");
        var target = fields.GetValueOrDefault("target") ?? fields.GetValueOrDefault("dst") ?? fields.GetValueOrDefault("destination");
        var readOnly = fields.ContainsKey("ro") || fields.ContainsKey("readonly");
        switch (type)
        {
            case "bind":
            {
                Require(target, spec);
                var source = fields.GetValueOrDefault("source") ?? fields.GetValueOrDefault("src") ?? "/";
                string root;
                if (fields.GetValueOrDefault("from") is { } from)
                {
                    var image = await stage.SourceImageAsync(from, cancellationToken).ConfigureAwait(false);
                    var layers = stage.Builders.Host.Store.Layers;
                    root = image.TopLayer is { } top ? layers.Mount(top) : Directory.CreateTempSubdirectory("berth-empty-").FullName;
                    release.Add(() =>
                    {
                        if (image.TopLayer is { } t)
                        {
                            layers.Unmount(t, force: false);
                        }
                    });
                }
                else
                {
                    root = stage.Options.ContextDirectory;
                }

                var path = InsideRoot(root, source, spec);
                Mounts.Add(new RuntimeMount { Destination = target!, Type = "bind", Source = path, Options = ["rbind", "ro"] });
                break;
            }

            case "cache":
            {
                Require(target, spec);
                var id = fields.GetValueOrDefault("id") ?? target!;
                var directory = Path.Combine(stage.Builders.Host.Store.Layout.GraphRoot, "build-cache-mounts", StageBuilder.CacheDirectoryName(id));
                if (!Directory.Exists(directory))
                {
                    Directory.CreateDirectory(directory);
                    var uid = uint.Parse(fields.GetValueOrDefault("uid", "0"), System.Globalization.CultureInfo.InvariantCulture);
                    var gid = uint.Parse(fields.GetValueOrDefault("gid", "0"), System.Globalization.CultureInfo.InvariantCulture);
                    File.SetUnixFileMode(directory, (UnixFileMode)Convert.ToInt32(fields.GetValueOrDefault("mode", "0755"), 8));
                    Berth.Platform.UnixFileSystem.ChangeOwner(directory, uid, gid);
                }

                Mounts.Add(new RuntimeMount { Destination = target!, Type = "bind", Source = directory, Options = ["rbind", readOnly ? "ro" : "rw"] });
                break;
            }

            case "tmpfs":
                Require(target, spec);
                Mounts.Add(new RuntimeMount
                {
                    Destination = target!,
                    Type = "tmpfs",
                    Source = "tmpfs",
                    Options = ["nosuid", "nodev", .. fields.TryGetValue("size", out var size) ? (string[])[$"size={size}"] : []],
                });
                break;
            case "secret":
            {
                var id = fields.GetValueOrDefault("id") ?? (target is null ? null : Path.GetFileName(target))
                    ?? throw BerthException.InvalidArgument($"RUN --mount={spec}: a secret mount needs id=");
                var secret = stage.Options.Secrets.FirstOrDefault(s => s.Id == id);
                if (secret is null)
                {
                    if (fields.TryGetValue("required", out var required) && required is "true" or "")
                    {
                        throw BerthException.InvalidArgument($"RUN --mount={spec}: secret \"{id}\" was not given: pass --secret id={id},src=<file>");
                    }

                    return;
                }

                Mounts.Add(new RuntimeMount { Destination = target ?? "/run/secrets/" + id, Type = "bind", Source = secret.Source, Options = ["rbind", "ro"] });
                break;
            }

            default:
                throw BerthException.InvalidArgument($"RUN --mount={spec}: unknown mount type \"{type}\": use bind, cache, tmpfs or secret");
        }
    }

    private static void Require(string? target, string spec)
    {
        if (string.IsNullOrEmpty(target))
        {
            throw BerthException.InvalidArgument($"RUN --mount={spec}: the mount needs target=<path in the container>");
        }
    }

    /// <summary>
    /// <paramref name="relative"/> resolved inside <paramref name="root"/> with openat2 RESOLVE_IN_ROOT, as COPY reads
    /// the context: <c>..</c> and symbolic links (in any component) stay inside it, so the runtime's bind mount can
    /// never reach a host file outside.
    /// </summary>
    private static string InsideRoot(string root, string relative, string spec)
    {
        using var context = Context.ContextRoot.Open(root);
        var found = context.StatInRoot(relative.TrimStart('/'), followLast: true)
            ?? throw BerthException.NotFound($"RUN --mount={spec}: source \"{relative}\" does not exist in the build context");
        return Path.Join(root, found.RealPath);
    }

    public ValueTask DisposeAsync()
    {
        foreach (var r in release)
        {
            r();
        }

        release.Clear();
        return ValueTask.CompletedTask;
    }
}

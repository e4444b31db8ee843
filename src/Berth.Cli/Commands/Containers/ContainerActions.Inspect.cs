using System.Globalization;
using System.Text.Json;
using Berth.Cli.CommandLine;
using Berth.Cli.Output;
using Berth.Engine.Containers;
using Berth.Oci;

namespace Berth.Cli.Commands;

/// <summary><c>container inspect</c>, and the container half of the generic <c>inspect</c>.</summary>
public static partial class ContainerActions
{
    public static Task<int> InspectAsync(Invocation invocation, CancellationToken cancellationToken)
    {
        var o = invocation.Options;
        var latest = o.GetBool("latest");
        if (!latest && invocation.Arguments.Count == 0)
        {
            throw new BerthException(ErrorKind.InvalidArgument, "no names or ids specified");
        }

        using var service = Open(invocation);
        var size = o.GetBool("size");
        var found = new List<object?>();
        BerthException? missing = null;
        if (latest)
        {
            found.Add(InspectView(service, service.Latest(), size));
        }

        foreach (var name in invocation.Arguments)
        {
            if (service.TryFind(name) is { } c)
            {
                found.Add(InspectView(service, c, size));
            }
            else
            {
                missing ??= new BerthException(ErrorKind.NotFound, $"inspecting object: no such container {name}");
            }
        }

        InspectOutput.Write(invocation.Out, o.GetString("format"), found, isImage: false);
        return missing is null ? Task.FromResult(0) : throw missing;
    }

    /// <summary>podman's InspectContainerData of <paramref name="c"/>, with its sizes when asked.</summary>
    internal static object InspectView(ContainerService service, Container c, bool size)
    {
        var conf = service.Engine.ContainersConf.Containers;
        var bundle = service.Paths.Bundle(c.Id);
        var spec = ReadSpec(Path.Combine(bundle, "config.json"));
        var layers = service.Store.Layers;
        var layer = layers.GetContainerLayer(c.Id);
        Dictionary<string, string>? graph = null;
        if (layer is not null && layers.DriverName == "overlay")
        {
            var lowers = layer.ParentChainId is { } p ? layers.Chain(p).Select(l => l.Directory).Reverse() : [];
            graph = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["LowerDir"] = string.Join(':', lowers),
                ["UpperDir"] = layer.Directory,
                ["WorkDir"] = Path.Combine(Path.GetDirectoryName(layer.Directory) ?? layer.Directory, "work"),
            };
            if (c.State.Mountpoint.Length > 0)
            {
                // podman shows MergedDir only while the container's root file system is mounted.
                graph["MergedDir"] = layer.MountPoint;
            }
        }

        var facts = new ContainerInspectFacts
        {
            Bundle = bundle,
            StaticDir = service.Paths.StaticDir(c.Id),
            Driver = layers.DriverName,
            OciRuntime = service.Engine.Settings.RequestedRuntime is { Length: > 0 } requested ? Path.GetFileName(requested) : RuntimeName(service),
            Spec = spec,
            CreateEnv = spec is null ? CreateEnv(service, c) : null,
            DefaultCapabilities = service.Engine.Settings.DefaultCapabilities,
            GraphData = graph,
            Size = size ? service.Size(c) : null,
            PidsLimit = conf.PidsLimit,
            Mounts = Engine.Containers.Mounts.MountsView.Build(
                c.Config,
                name => service.Volumes.TryGet(name)?.Mountpoint ?? "",
                spec?.Mounts is { } specMounts ? [.. specMounts.Select(m => new UserMount { Type = m.Type ?? "bind", Source = m.Source ?? "", Destination = m.Destination, Options = m.Options ?? [] })] : null,
                c.Config.VolumesFrom.Count > 0 ? c.Config.VolumesFrom : null),
            Ulimits = spec?.Process?.Rlimits is { } rl
                ? [.. rl.Select(r => (r.Type, r.Soft, r.Hard))]
                : [.. conf.DefaultUlimits.Select(ParseUlimit).OfType<(string, ulong, ulong)>()],
        };
        return ContainerInspectView.Build(c, facts);
    }

    /// <summary>
    /// The environment podman's create puts in the spec: its defaults, containers.conf's env, the image's, then the
    /// user's, a later key replacing an earlier one in place (the spec generator's layering, without the HOSTNAME init adds).
    /// </summary>
    private static List<string> CreateEnv(ContainerService service, Container c)
    {
        var keys = new List<string>();
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        void Set(IEnumerable<string> entries)
        {
            foreach (var entry in entries)
            {
                var eq = entry.IndexOf('=', StringComparison.Ordinal);
                var key = eq < 0 ? entry : entry[..eq];
                if (key.Length == 0)
                {
                    continue;
                }

                if (!values.ContainsKey(key))
                {
                    keys.Add(key);
                }

                values[key] = eq < 0 ? "" : entry[(eq + 1)..];
            }
        }

        Set([Berth.Config.ContainersConfDefaults.DefaultPath, "TERM=xterm", "container=podman"]);
        Set(service.Engine.ContainersConf.Containers.Env);
        Set(c.Config.ImageId is { } image && service.Images.TryFind(image) is { } local ? local.Config.Config?.Env ?? [] : []);
        Set(c.Config.Env);
        return [.. keys.Select(k => k + "=" + values[k])];
    }

    private static string RuntimeName(ContainerService service)
    {
        try
        {
            return service.RuntimeBinary.Name;
        }
        catch (BerthException)
        {
            return "runc";
        }
    }

    private static RuntimeSpec? ReadSpec(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            return JsonSerializer.Deserialize(stream, RuntimeJsonContext.Default.RuntimeSpec);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            return null;
        }
    }

    /// <summary>"nofile=20000:20000" → (RLIMIT_NOFILE, 20000, 20000).</summary>
    private static (string, ulong, ulong)? ParseUlimit(string text)
    {
        var eq = text.IndexOf('=', StringComparison.Ordinal);
        if (eq <= 0)
        {
            return null;
        }

        var values = text[(eq + 1)..].Split(':');
        if (!ulong.TryParse(values[0], NumberStyles.None, CultureInfo.InvariantCulture, out var soft))
        {
            return null;
        }

        var hard = soft;
        if (values.Length > 1 && !ulong.TryParse(values[1], NumberStyles.None, CultureInfo.InvariantCulture, out hard))
        {
            return null;
        }

        return ("RLIMIT_" + text[..eq].ToUpperInvariant(), soft, hard);
    }
}

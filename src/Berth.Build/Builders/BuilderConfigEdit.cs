using System.Text.Json;
using Berth.Oci;
using Berth.Runtime.Logs;

namespace Berth.Build.Builders;

/// <summary>
/// The settings of one <c>buildah config</c>: null (or empty) = not given. List values are applied in order; a value
/// ending in '-' removes that entry (env, ports, labels, annotations, volumes), as buildah 1.28 does.
/// </summary>
public sealed record BuilderConfigEdit
{
    public string? Cmd { get; init; }

    public string? Entrypoint { get; init; }

    public IReadOnlyList<string> Env { get; init; } = [];

    public IReadOnlyList<string> Ports { get; init; } = [];

    public IReadOnlyList<string> Labels { get; init; } = [];

    public IReadOnlyList<string> Annotations { get; init; } = [];

    public IReadOnlyList<string> Volumes { get; init; } = [];

    public IReadOnlyList<string> OnBuild { get; init; } = [];

    public string? WorkingDir { get; init; }

    public string? User { get; init; }

    public string? Author { get; init; }

    public string? CreatedBy { get; init; }

    public string? StopSignal { get; init; }

    public string? Shell { get; init; }

    public string? Comment { get; init; }

    public string? HistoryComment { get; init; }

    public string? Architecture { get; init; }

    public string? OS { get; init; }

    public string? Variant { get; init; }

    public string? OSVersion { get; init; }

    public string? OSFeature { get; init; }

    public string? Healthcheck { get; init; }

    public string? HealthcheckInterval { get; init; }

    public string? HealthcheckTimeout { get; init; }

    public string? HealthcheckStartPeriod { get; init; }

    public int? HealthcheckRetries { get; init; }

    /// <summary>
    /// The builder with these settings applied. <paramref name="warn"/> gets buildah's warnings (Docker-only settings
    /// on an OCI builder, a Cmd an entrypoint will ignore or receive). Throws InvalidArgument with buildah's messages.
    /// </summary>
    public BuilderState ApplyTo(BuilderState state, Action<string> warn)
    {
        var image = state.Config;
        var c = image.Config ?? new ContainerConfig();
        var oci = state.Format != "docker";
        var env = (c.Env ?? []).ToList();
        foreach (var e in Env)
        {
            if (e.EndsWith('-'))
            {
                var key = e[..^1];
                env.RemoveAll(v => v == key || v.StartsWith(key + "=", StringComparison.Ordinal));
                continue;
            }

            var eq = e.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                throw new BerthException(ErrorKind.InvalidArgument, $"setting env \"{e}\": no value given");
            }

            var name = e[..eq];
            var at = env.FindIndex(v => v.StartsWith(name + "=", StringComparison.Ordinal));
            if (at >= 0)
            {
                env[at] = e;
            }
            else
            {
                env.Add(e);
            }
        }

        c = c with
        {
            Env = env.Count == 0 ? null : env,
            ExposedPorts = Edit(c.ExposedPorts, Ports, p => (p, EmptyObject.Instance)),
            Labels = Edit(c.Labels, Labels, Pair),
            Volumes = Edit(c.Volumes, Volumes, v => (v, EmptyObject.Instance)),
            WorkingDir = WorkingDir ?? c.WorkingDir,
            User = User ?? c.User,
            StopSignal = StopSignal ?? c.StopSignal,
        };
        if (Entrypoint is not null)
        {
            c = c with { Entrypoint = EntrypointOf(Entrypoint, c.Cmd, warn) };
        }

        if (Cmd is not null)
        {
            c = c with { Cmd = Cmd.Length == 0 ? null : JsonArray(Cmd) ?? ShellWords.Split(Cmd) };
        }

        if (Shell is not null)
        {
            DockerOnly(oci, "SHELL", $", [{string.Join(' ', ShellWords.Split(Shell))}] will be ignored", warn);
            c = c with { Shell = Shell.Length == 0 ? null : ShellWords.Split(Shell) };
        }

        if (Healthcheck is not null)
        {
            DockerOnly(oci, "HEALTHCHECK", " and will be ignored", warn);
            c = c with { Healthcheck = HealthOf() };
        }

        if (OnBuild.Count > 0)
        {
            foreach (var trigger in OnBuild)
            {
                DockerOnly(oci, "ONBUILD", $", {trigger} will be ignored", warn);
            }

            c = c with { OnBuild = [.. c.OnBuild ?? [], .. OnBuild] };
        }

        if (Comment is not null)
        {
            DockerOnly(oci, "COMMENT", $", comment {Comment} will be ignored", warn);
        }

        image = image with
        {
            Config = c,
            Author = Author ?? image.Author,
            Architecture = Architecture ?? image.Architecture,
            OS = OS ?? image.OS,
            Variant = Variant ?? image.Variant,
            OSVersion = OSVersion ?? image.OSVersion,
            OSFeatures = OSFeature is null ? image.OSFeatures : [.. image.OSFeatures ?? [], OSFeature],
        };
        return state.WithConfig(image) with
        {
            Annotations = Edit(state.Annotations, Annotations, Pair) ?? new Dictionary<string, string>(),
            CreatedBy = CreatedBy ?? state.CreatedBy,
            Comment = Comment ?? state.Comment,
            HistoryComment = HistoryComment ?? state.HistoryComment,
        };
    }

    private static void DockerOnly(bool oci, string what, string rest, Action<string> warn)
    {
        if (oci)
        {
            warn($"{what} is not supported for OCI image format{rest}. Must use `docker` format");
        }
    }

    /// <summary>A JSON array gives the exec form; any other text runs through <c>/bin/sh -c</c>; empty clears it.</summary>
    private static IReadOnlyList<string>? EntrypointOf(string value, IReadOnlyList<string>? cmd, Action<string> warn)
    {
        if (value.Length == 0)
        {
            return null;
        }

        var exec = JsonArray(value);
        if (cmd is { Count: > 0 })
        {
            warn(exec is null
                ? $"cmd \"{string.Join(' ', cmd)}\" exists but will be ignored because of entrypoint settings"
                : $"cmd \"{string.Join(' ', cmd)}\" exists and will be passed to entrypoint as a parameter");
        }

        return exec ?? ["/bin/sh", "-c", value];
    }

    /// <summary>
    /// buildah's healthcheck: the command split at spaces (its first word CMD, CMD-SHELL or NONE), interval and timeout
    /// 30s, start period 0 and 3 retries unless given.
    /// </summary>
    private HealthConfig HealthOf() => new()
    {
        Test = Healthcheck!.Split(' ', StringSplitOptions.RemoveEmptyEntries),
        Interval = Duration(HealthcheckInterval, "interval") ?? 30_000_000_000,
        Timeout = Duration(HealthcheckTimeout, "timeout") ?? 30_000_000_000,
        StartPeriod = Duration(HealthcheckStartPeriod, "start period") is { } start and not 0 ? start : null,
        Retries = HealthcheckRetries ?? 3,
    };

    private static long? Duration(string? value, string what)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        return GoDuration.TryParse(value, out var ns)
            ? ns
            : throw new BerthException(ErrorKind.InvalidArgument, $"parsing --healthcheck-{what.Replace(' ', '-')} \"{value}\": time: invalid duration \"{value}\"");
    }

    private static (string Key, string Value) Pair(string item)
    {
        var eq = item.IndexOf('=', StringComparison.Ordinal);
        return eq < 0 ? (item, "") : (item[..eq], item[(eq + 1)..]);
    }

    /// <summary>Adds or replaces entries in order; an item ending in '-' removes its key. Null when nothing is left.</summary>
    private static IReadOnlyDictionary<string, T>? Edit<T>(IReadOnlyDictionary<string, T>? current, IReadOnlyList<string> items, Func<string, (string Key, T Value)> parse)
    {
        if (items.Count == 0)
        {
            return current;
        }

        var result = new SortedDictionary<string, T>(StringComparer.Ordinal);
        foreach (var (k, v) in current ?? new Dictionary<string, T>())
        {
            result[k] = v;
        }

        foreach (var item in items)
        {
            if (item.EndsWith('-'))
            {
                result.Remove(item[..^1]);
                continue;
            }

            var (key, value) = parse(item);
            result[key] = value;
        }

        return result.Count == 0 ? null : new Dictionary<string, T>(result, StringComparer.Ordinal);
    }

    private static List<string>? JsonArray(string value)
    {
        if (!value.TrimStart().StartsWith('['))
        {
            return null;
        }

        try
        {
            using var doc = JsonDocument.Parse(value);
            return doc.RootElement.ValueKind == JsonValueKind.Array && doc.RootElement.EnumerateArray().All(e => e.ValueKind == JsonValueKind.String)
                ? doc.RootElement.EnumerateArray().Select(e => e.GetString()!).ToList()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

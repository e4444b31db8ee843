using System.Globalization;
using System.Text.RegularExpressions;
using Berth.Engine.Images;

namespace Berth.Engine.Containers;

/// <summary>
/// podman 4.3's <c>ps --filter</c> (pkg/domain/filters/containers.go): values of one key are alternatives (any may
/// match) except labels (all must match), different keys must all match. Keys: id (prefix), name (regular expression), label (key or key=value),
/// exited (exit code of an exited container), status, ancestor (image ID or name as resolved at create, or that name
/// without ":latest"), before/since (another container's creation time), until, health, restart-policy, network
/// (by name); volume and pod are accepted and match nothing until those objects exist.
/// </summary>
public static partial class ContainerFilters
{
    /// <summary>Names podman's status filter accepts (<c>define.StringToContainerStatus</c>).</summary>
    private static readonly string[] Statuses = ["created", "running", "paused", "stopped", "exited", "unknown", "configured", "stopping", "removing"];

    /// <summary>One predicate for all <paramref name="filters"/>; <paramref name="find"/> resolves before/since references.</summary>
    public static Func<Container, bool> Build(IReadOnlyDictionary<string, IReadOnlyList<string>> filters, Func<string, Container> find)
    {
        var all = new List<Func<Container, bool>>();
        foreach (var (key, values) in filters)
        {
            var alternatives = values.Select(v => One(key, v, find)).ToList();
            // podman matches label filters with MatchLabelFilters: every one of them must match.
            all.Add(key == "label" ? c => alternatives.TrueForAll(f => f(c)) : c => alternatives.Exists(f => f(c)));
        }

        return c => all.TrueForAll(f => f(c));
    }

    private static Func<Container, bool> One(string key, string value, Func<string, Container> find) => key switch
    {
        "id" => c => c.Id.StartsWith(value, StringComparison.Ordinal),
        "name" => NameFilter(value),
        "label" => LabelFilter(value),
        "exited" => ExitedFilter(value),
        "status" => StatusFilter(value),
        "ancestor" => c => AncestorMatches(c, value),
        "before" => BeforeSince(find(value), before: true),
        "since" => BeforeSince(find(value), before: false),
        "until" => UntilFilter(value),
        "health" => c => c.State.Health is { } h && c.Config.Healthcheck is not null && h.Status == value,
        "restart-policy" => c => (c.Config.RestartPolicy.Length == 0 ? "no" : c.Config.RestartPolicy) == value,
        // podman matches the network's name (the CLI resolves IDs to names first).
        "network" => c => c.Config.Networks.ContainsKey(value),
        // No volumes or pods exist yet: nothing is attached to one.
        "volume" => VolumeFilter(value),
        "pod" => c => c.Config.Pod.Length > 0 && c.Config.Pod == value,
        _ => throw new BerthException(ErrorKind.InvalidArgument, $"{key} is an invalid filter"),
    };

    /// <summary>The state name podman's filters and ps use (libpod's ContainerStatus.String()).</summary>
    /// <summary>podman's volume=NAME|SOURCE[:DESTINATION]: a named volume or a mount source (at that destination).</summary>
    private static Func<Container, bool> VolumeFilter(string value)
    {
        var colon = value.IndexOf(':', StringComparison.Ordinal);
        var source = colon < 0 ? value : value[..colon];
        var destination = colon < 0 ? null : value[(colon + 1)..];
        return c => c.Config.Mounts.Any(m => m.Source == source && (destination is null || m.Destination == destination))
            || c.Config.NamedVolumes.Any(v => v.Name == source && (destination is null || v.Destination == destination));
    }

    public static string StateName(Container c) => ContainerStatus.Shown(c.State.Status);

    private static Func<Container, bool> NameFilter(string value)
    {
        Regex regex;
        try
        {
            regex = new Regex(value, RegexOptions.CultureInvariant);
        }
        catch (ArgumentException e)
        {
            throw new BerthException(ErrorKind.InvalidArgument, $"error parsing regexp: {e.Message}", e);
        }

        return c => regex.IsMatch(c.Name);
    }

    private static Func<Container, bool> LabelFilter(string value)
    {
        var eq = value.IndexOf('=', StringComparison.Ordinal);
        var key = eq < 0 ? value : value[..eq];
        string? wanted = eq < 0 ? null : value[(eq + 1)..];
        return c => c.Config.Labels.TryGetValue(key, out var actual) && (wanted is null || wanted.Length == 0 || actual == wanted);
    }

    private static Func<Container, bool> ExitedFilter(string value)
    {
        if (!int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var code))
        {
            // podman formats the int32 it failed to parse with %q, which prints it as the character '\x00'.
            throw new BerthException(ErrorKind.InvalidArgument, $"exited code out of range '\\x00': strconv.ParseInt: parsing \"{value}\": invalid syntax");
        }

        return c => c.State.Status is ContainerStatus.Exited or ContainerStatus.Stopped && c.State.ExitCode == code;
    }

    private static Func<Container, bool> StatusFilter(string value)
    {
        if (!Statuses.Contains(value))
        {
            throw new BerthException(ErrorKind.InvalidArgument, $"unknown container state: {value}: invalid argument");
        }

        var wanted = value switch
        {
            "stopped" => ContainerStatus.Exited,
            "configured" => ContainerStatus.Created,
            _ => value,
        };
        return c =>
        {
            var state = StateName(c);
            return state == wanted || (wanted == ContainerStatus.Exited && state == ContainerStatus.Stopped);
        };
    }

    /// <summary>podman 4.3 matches the image ID, the name resolved at create, or that name's repository when its tag is latest.</summary>
    public static bool AncestorMatches(Container c, string value)
    {
        var cfg = c.Config;
        if (cfg.ImageId == value || cfg.ImageName == value)
        {
            return true;
        }

        var colon = cfg.ImageName.LastIndexOf(':');
        var slash = cfg.ImageName.LastIndexOf('/');
        return colon > slash && cfg.ImageName[..colon] == value && cfg.ImageName[(colon + 1)..] == "latest";
    }

    private static Func<Container, bool> BeforeSince(Container reference, bool before) =>
        before ? c => c.Config.Created < reference.Config.Created : c => c.Config.Created > reference.Config.Created;

    private static Func<Container, bool> UntilFilter(string value)
    {
        var limit = ImageFilters.ParseTimeOrDuration(value)
            ?? throw new BerthException(ErrorKind.InvalidArgument, $"failed to parse value as time or duration: \"{value}\"");
        return c => c.Config.Created < limit;
    }
}

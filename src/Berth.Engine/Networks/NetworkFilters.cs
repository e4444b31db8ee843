using System.Text.RegularExpressions;
using Berth.Engine.Images;
using Berth.Network.Model;

namespace Berth.Engine.Networks;

/// <summary>
/// <c>network ls --filter</c> and <c>network prune --filter</c> as libnetwork's GenerateNetworkFilters: name and id
/// (regular expressions, any may match), driver (any), label (all must match; key globs), label! (none), until (one
/// time). Different keys must all match. <c>dangling</c> needs the containers and is applied by <see cref="NetworkService"/>.
/// </summary>
public static class NetworkFilters
{
    /// <summary>podman's FilterArgumentsIntoFilters: key=value pairs grouped by key, in the order given.</summary>
    public static Dictionary<string, List<string>> Parse(IReadOnlyList<string> raw)
    {
        var filters = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var f in raw)
        {
            var eq = f.IndexOf('=', StringComparison.Ordinal);
            if (eq < 0)
            {
                throw new BerthException(ErrorKind.InvalidArgument, $"filter input must be in the form of filter=value: {f} is invalid");
            }

            if (!filters.TryGetValue(f[..eq], out var values))
            {
                filters[f[..eq]] = values = [];
            }

            values.Add(f[(eq + 1)..]);
        }

        return filters;
    }

    /// <summary>The list filters (name, id, driver and the prune ones); unknown keys fail with podman's message.</summary>
    public static Func<NetworkDefinition, bool> ForList(IReadOnlyDictionary<string, List<string>> filters) =>
        Build(filters, prune: false);

    /// <summary>The prune filters: label, label! and until only.</summary>
    public static Func<NetworkDefinition, bool> ForPrune(IReadOnlyDictionary<string, List<string>> filters) =>
        Build(filters, prune: true);

    /// <summary>The dangling filter's value: exactly one boolean.</summary>
    public static bool? Dangling(IReadOnlyDictionary<string, List<string>> filters)
    {
        if (!filters.TryGetValue("dangling", out var values))
        {
            return null;
        }

        return values.Count switch
        {
            0 => throw Invalid("got no values for filter key \"dangling\""),
            1 => ParseBool(values[0]) ?? throw Invalid($"invalid dangling filter value \"{values[0]}\""),
            _ => throw Invalid("got more than one value for filter key \"dangling\""),
        };
    }

    /// <summary>MatchLabelFilters: every filter (key or key=value, key may be a glob) matches some label.</summary>
    public static bool MatchLabels(IReadOnlyList<string> filters, IReadOnlyDictionary<string, string>? labels)
    {
        labels ??= new Dictionary<string, string>();
        foreach (var filter in filters)
        {
            var eq = filter.IndexOf('=', StringComparison.Ordinal);
            var key = eq < 0 ? filter : filter[..eq];
            var value = eq < 0 ? "" : filter[(eq + 1)..];
            if (!labels.Any(l => (value.Length == 0 || l.Value == value) && (l.Key == key || GlobMatch(key, l.Key))))
            {
                return false;
            }
        }

        return true;
    }

    private static Func<NetworkDefinition, bool> Build(IReadOnlyDictionary<string, List<string>> filters, bool prune)
    {
        var tests = new List<Func<NetworkDefinition, bool>>();
        foreach (var (rawKey, values) in filters)
        {
            var key = rawKey.ToLowerInvariant();
            if (!prune && key == "dangling")
            {
                continue;
            }

            tests.Add(key switch
            {
                "name" when !prune => n => values.Any(v => RegexMatch(v, n.Name)),
                "driver" when !prune => n => values.Contains(n.Driver),
                "id" when !prune => n => values.Any(v => RegexMatch(v, n.Id)),
                "label" => n => MatchLabels(values, n.Labels),
                "label!" => n => !MatchLabels(values, n.Labels),
                "until" => Until(values),
                _ => throw Invalid($"invalid filter \"{rawKey}\""),
            });
        }

        return n => tests.TrueForAll(t => t(n));
    }

    private static Func<NetworkDefinition, bool> Until(List<string> values)
    {
        if (values.Count != 1)
        {
            throw Invalid("specify exactly one timestamp for until");
        }

        var limit = ImageFilters.ParseTimeOrDuration(values[0])
            ?? throw Invalid($"failed to parse value as time or duration: \"{values[0]}\"");
        return n => NetworkTimestamp.TryParse(n.Created) is { } created && created < limit;
    }

    /// <summary>Go's regexp.MatchString; a pattern that does not compile matches nothing, as in podman.</summary>
    private static bool RegexMatch(string pattern, string value)
    {
        try
        {
            return Regex.IsMatch(value, pattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    /// <summary>filepath.Match for label keys: * and ? (no separators in keys that matter here), [..] classes.</summary>
    private static bool GlobMatch(string pattern, string value)
    {
        var regex = "^" + Regex.Escape(pattern).Replace("\\*", ".*", StringComparison.Ordinal).Replace("\\?", ".", StringComparison.Ordinal)
            .Replace("\\[", "[", StringComparison.Ordinal) + "$";
        try
        {
            return Regex.IsMatch(value, regex, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static bool? ParseBool(string s) => s switch
    {
        "1" or "t" or "T" or "TRUE" or "true" or "True" => true,
        "0" or "f" or "F" or "FALSE" or "false" or "False" => false,
        _ => null,
    };

    private static BerthException Invalid(string message) => new(ErrorKind.InvalidArgument, message);
}

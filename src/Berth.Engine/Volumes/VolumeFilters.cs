using System.Text.RegularExpressions;
using Berth.Engine.Images;

namespace Berth.Engine.Volumes;

/// <summary>
/// <c>volume ls --filter</c> and <c>volume prune --filter</c> as podman 4.3.1's GenerateVolumeFilters: name (a regular
/// expression), driver, scope, label (key, key=value; a key with * is a glob), opt (key or key=value of the options),
/// until (a time or a duration back from now), dangling (true/false/1/0, any case). Keys are case-sensitive. Unlike
/// other podman filters, a volume passes when ANY filter matches (libpod's Runtime.Volumes ORs them), so
/// <c>--filter name=a --filter label=x</c> lists the union; prune in 4.3.1 uses the same filters.
/// </summary>
public static class VolumeFilters
{
    /// <summary>
    /// Parses <paramref name="raw"/> (each "key=value") into one test; null when there are none.
    /// <paramref name="isDangling"/> answers the dangling filter (no container uses the volume).
    /// </summary>
    public static Func<Volume, bool>? Build(IReadOnlyList<string> raw, Func<Volume, bool> isDangling)
    {
        var tests = new List<Func<Volume, bool>>();
        foreach (var (key, value) in Parse(raw))
        {
            tests.Add(key switch
            {
                "name" => NameFilter(value),
                "driver" => v => v.Driver == value,
                "scope" => v => v.Scope == value,
                "label" => v => MatchLabel(value, v.Labels),
                "opt" => OptFilter(value),
                "until" => UntilFilter(value),
                "dangling" => DanglingFilter(value, isDangling),
                _ => throw Invalid($"\"{key}\" is an invalid volume filter"),
            });
        }

        return tests.Count == 0 ? null : v => tests.Exists(t => t(v));
    }

    /// <summary>podman's FilterArgumentsIntoFilters: each filter split at its first '='.</summary>
    public static List<(string Key, string Value)> Parse(IReadOnlyList<string> raw)
    {
        var pairs = new List<(string, string)>();
        foreach (var f in raw)
        {
            var eq = f.IndexOf('=', StringComparison.Ordinal);
            if (eq < 0)
            {
                throw Invalid($"filter input must be in the form of filter=value: {f} is invalid");
            }

            pairs.Add((f[..eq], f[(eq + 1)..]));
        }

        return pairs;
    }

    /// <summary>
    /// containers/common's MatchLabelFilters for one filter: some label has the key (or, when the key holds a *, a key
    /// the glob <c>*key*</c> matches) and, when a value is given, that value.
    /// </summary>
    public static bool MatchLabel(string filter, IReadOnlyDictionary<string, string> labels)
    {
        var eq = filter.IndexOf('=', StringComparison.Ordinal);
        var key = eq < 0 ? filter : filter[..eq];
        var value = eq < 0 ? "" : filter[(eq + 1)..];
        foreach (var (labelKey, labelValue) in labels)
        {
            if ((value.Length == 0 || labelValue == value) && (labelKey == key || GlobMatch(key, labelKey)))
            {
                return true;
            }
        }

        return false;
    }

    private static Func<Volume, bool> NameFilter(string pattern)
    {
        Regex regex;
        try
        {
            regex = new Regex(pattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        }
        catch (ArgumentException e)
        {
            throw Invalid($"error parsing regexp: {e.Message}");
        }

        return v => regex.IsMatch(v.Name);
    }

    private static Func<Volume, bool> OptFilter(string value)
    {
        var eq = value.IndexOf('=', StringComparison.Ordinal);
        var key = eq < 0 ? value : value[..eq];
        var wanted = eq < 0 ? "" : value[(eq + 1)..];
        return v => v.Options.TryGetValue(key, out var actual) && (wanted.Length == 0 || actual == wanted);
    }

    private static Func<Volume, bool> UntilFilter(string value)
    {
        var limit = ImageFilters.ParseTimeOrDuration(value) ?? throw Invalid($"failed to parse value as time or duration: \"{value}\"");
        return v => v.CreatedAt < limit;
    }

    private static Func<Volume, bool> DanglingFilter(string value, Func<Volume, bool> isDangling)
    {
        var wanted = value.ToLowerInvariant() switch
        {
            "true" or "1" => true,
            "false" or "0" => false,
            _ => throw Invalid($"\"{value}\" is not a valid value for the \"dangling\" filter - must be true or false"),
        };
        return v => isDangling(v) == wanted;
    }

    /// <summary>containers/common's matchPattern: only keys holding a * are globs, matched as <c>*key*</c> by filepath.Match.</summary>
    private static bool GlobMatch(string pattern, string value)
    {
        if (!pattern.Contains('*', StringComparison.Ordinal))
        {
            return false;
        }

        var glob = ("*" + pattern + "*").Replace('/', '|');
        var regex = new System.Text.StringBuilder("^");
        foreach (var c in glob)
        {
            regex.Append(c switch
            {
                '*' => "[^/]*",
                '?' => "[^/]",
                _ => Regex.Escape(c.ToString()),
            });
        }

        return Regex.IsMatch(value.Replace('/', '|'), regex.Append('$').ToString(), RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
    }

    private static BerthException Invalid(string message) => new(ErrorKind.InvalidArgument, message);
}

using System.Globalization;
using System.Text.RegularExpressions;

namespace Berth.Engine.Images;

/// <summary>
/// podman's <c>images --filter</c> (libimage filters): reference, dangling, label, before, since, until, id, digest,
/// readonly, containers, intermediate. Filters of different keys must all match; values of one key match if any does
/// (label, reference) — podman's rules. Parsed once, errors worded as podman's.
/// </summary>
public sealed partial class ImageFilters
{
    private readonly List<(string Key, Func<LocalImage, bool> Match)> _filters = [];

    private ImageFilters()
    {
    }

    public static ImageFilters None { get; } = new();

    /// <param name="filters">The <c>key=value</c> strings as given.</param>
    /// <param name="lookup">Finds the image a before/since filter names.</param>
    public static ImageFilters Parse(IEnumerable<string> filters, Func<string, LocalImage> lookup)
    {
        var result = new ImageFilters();
        foreach (var filter in filters)
        {
            var eq = filter.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                throw Invalid($"invalid image filter \"{filter}\": must be in the format \"filter=value or filter!=value\"");
            }

            var negate = filter[eq - 1] == '!';
            var key = filter[..(negate ? eq - 1 : eq)];
            var value = filter[(eq + 1)..];
            Func<LocalImage, bool> match = key switch
            {
                "reference" => ReferenceFilter(value),
                "dangling" => BoolFilter(key, value, i => i.Dangling),
                "readonly" => BoolFilter(key, value, i => i.ReadOnly),
                "containers" => BoolFilter(key, value, i => i.Containers > 0),
                // Intermediate images are unnamed parents of other images (build steps' images).
                "intermediate" => BoolFilter(key, value, i => i.Intermediate),
                "label" => LabelFilter(value),
                "id" => i => i.Id.StartsWith(value.StartsWith("sha256:", StringComparison.Ordinal) ? value[7..] : value, StringComparison.Ordinal),
                "digest" => i => i.ManifestDigest.ToString() == value || i.Digests.Any(d => d.EndsWith("@" + value, StringComparison.Ordinal)),
                "before" => TimeFilter(key, value, lookup, before: true),
                "since" => TimeFilter(key, value, lookup, before: false),
                "until" => UntilFilter(value),
                _ => throw Invalid($"unsupported image filter \"{key}\""),
            };
            result._filters.Add((key, negate ? i => !match(i) : match));
        }

        return result;
    }

    public bool Matches(LocalImage image)
    {
        foreach (var group in _filters.GroupBy(f => f.Key))
        {
            // Several reference filters widen the selection; every other repeated key narrows it (podman).
            var matched = group.Key == "reference" ? group.Any(f => f.Match(image)) : group.All(f => f.Match(image));
            if (!matched)
            {
                return false;
            }
        }

        return true;
    }

    private static BerthException Invalid(string message) => new(ErrorKind.InvalidArgument, message);

    private static Func<LocalImage, bool> BoolFilter(string key, string value, Func<LocalImage, bool> property)
    {
        var wanted = value switch
        {
            "1" or "t" or "T" or "true" or "TRUE" or "True" => true,
            "0" or "f" or "F" or "false" or "FALSE" or "False" => false,
            _ => throw Invalid($"non-boolean value \"{key}\" for {value} filter: strconv.ParseBool: parsing \"{value}\": invalid syntax"),
        };
        return i => property(i) == wanted;
    }

    private static Func<LocalImage, bool> LabelFilter(string value)
    {
        var eq = value.IndexOf('=', StringComparison.Ordinal);
        var key = eq < 0 ? value : value[..eq];
        var wanted = eq < 0 ? null : value[(eq + 1)..];
        return i => i.Config.Config?.Labels is { } labels && labels.TryGetValue(key, out var v) && (wanted is null || v == wanted);
    }

    /// <summary>Glob (path.Match) against each name: full, without tag, familiar (no docker.io/library), and the last path component.</summary>
    private static Func<LocalImage, bool> ReferenceFilter(string pattern)
    {
        var regex = GlobToRegex(pattern);
        return image => image.Names.Any(name =>
        {
            var slash = name.LastIndexOf('/');
            var colon = name.LastIndexOf(':');
            var repo = colon > slash ? name[..colon] : name;
            var familiar = name.StartsWith("docker.io/library/", StringComparison.Ordinal) ? name[18..]
                : name.StartsWith("docker.io/", StringComparison.Ordinal) ? name[10..] : name;
            var last = name[(slash + 1)..];
            return regex.IsMatch(name) || regex.IsMatch(repo) || regex.IsMatch(familiar) || regex.IsMatch(last)
                || (last.Contains(':', StringComparison.Ordinal) && regex.IsMatch(last[..last.IndexOf(':', StringComparison.Ordinal)]));
        });
    }

    /// <summary>Go's path.Match: '*' and '?' never cross '/', character classes pass through.</summary>
    private static Regex GlobToRegex(string pattern)
    {
        var sb = new System.Text.StringBuilder("^");
        foreach (var c in pattern)
        {
            sb.Append(c switch
            {
                '*' => "[^/]*",
                '?' => "[^/]",
                '[' or ']' => c.ToString(),
                _ => Regex.Escape(c.ToString()),
            });
        }

        return new Regex(sb.Append('$').ToString(), RegexOptions.CultureInvariant);
    }

    private static Func<LocalImage, bool> TimeFilter(string key, string value, Func<string, LocalImage> lookup, bool before)
    {
        LocalImage reference;
        try
        {
            reference = lookup(value);
        }
        catch (BerthException e) when (e.Kind == ErrorKind.NotFound)
        {
            throw Invalid($"could not find local image for filter filter \"{key}\"=\"{value}\": {e.Message}");
        }

        return before ? i => i.Created < reference.Created : i => i.Created > reference.Created;
    }

    private static Func<LocalImage, bool> UntilFilter(string value)
    {
        var limit = ParseTimeOrDuration(value) ?? throw Invalid($"failed to parse value as time or duration: \"{value}\"");
        return i => i.Created < limit;
    }

    /// <summary>An RFC 3339 time, a Unix timestamp, or a Go duration counted back from now (10m, 2h30m).</summary>
    internal static DateTimeOffset? ParseTimeOrDuration(string value)
    {
        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t))
        {
            return t;
        }

        if (long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var unix))
        {
            return DateTimeOffset.FromUnixTimeSeconds(unix);
        }

        if (!WholeDuration().IsMatch(value))
        {
            return null;
        }

        var total = TimeSpan.Zero;
        foreach (Match part in DurationPart().Matches(value))
        {
            var n = double.Parse(part.Groups[1].Value, CultureInfo.InvariantCulture);
            total += part.Groups[2].Value switch
            {
                "h" => TimeSpan.FromHours(n),
                "m" => TimeSpan.FromMinutes(n),
                "s" => TimeSpan.FromSeconds(n),
                _ => TimeSpan.FromMilliseconds(n),
            };
        }

        return DateTimeOffset.UtcNow - total;
    }

    [GeneratedRegex(@"^(?:\d+(?:\.\d+)?(?:ms|h|m|s))+$")]
    private static partial Regex WholeDuration();

    [GeneratedRegex(@"(\d+(?:\.\d+)?)(ms|h|m|s)")]
    private static partial Regex DurationPart();
}

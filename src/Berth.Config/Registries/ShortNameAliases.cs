namespace Berth.Config;

/// <summary>containers/image's checks of <c>[aliases]</c> entries (<c>validateShortName</c>, <c>parseShortNameValue</c>).</summary>
internal static class ShortNameAliases
{
    /// <summary>Null when <paramref name="name"/> is a valid short name (no registry, tag or digest), else why not.</summary>
    public static string? ValidateName(string name)
    {
        if (ReferenceGrammar.Parse(name, out var error) is not { } parsed)
        {
            return $"cannot parse short name '{name}': {error}";
        }

        if (parsed.Digest is not null)
        {
            return $"invalid short name '{name}': must not contain digest";
        }

        if (parsed.Tag is not null)
        {
            return $"invalid short name '{name}': must not contain tag";
        }

        return parsed.Domain.AsSpan().IndexOfAny('.', ':') >= 0 || parsed.Domain == "localhost"
            ? $"invalid short name '{name}': must not contain registry"
            : null;
    }

    /// <summary>The normalised fully qualified name of an alias value, or null with <paramref name="error"/>.</summary>
    public static string? NormalizeValue(string value, out string? error)
    {
        if (ReferenceGrammar.Parse(value, out error) is not { } parsed)
        {
            error = $"parsing alias '{value}': {error}";
            return null;
        }

        if (parsed.Digest is not null)
        {
            error = $"invalid alias '{value}': must not contain digest";
            return null;
        }

        if (parsed.Tag is not null)
        {
            error = $"invalid alias '{value}': must not contain tag";
            return null;
        }

        if (parsed.Domain.AsSpan().IndexOfAny('.', ':') < 0 && parsed.Domain != "localhost")
        {
            error = $"invalid alias '{value}': must contain registry and repository";
            return null;
        }

        var normalized = ReferenceGrammar.ParseNormalized(value, out error);
        if (normalized is null)
        {
            error = $"parsing alias '{value}': {error}";
            return null;
        }

        return normalized.Value.Name;
    }
}

namespace Berth.Config;

/// <summary>containers/image's prefix matching of registries.conf <c>prefix</c> values (<c>refMatchingPrefix</c>).</summary>
public static class RegistryPrefix
{
    /// <summary>
    /// The length of the part of <paramref name="reference"/> matched by <paramref name="prefix"/>, or -1.
    /// A plain prefix matches when the reference equals it or continues with <c>:</c>, <c>/</c> or <c>@</c>
    /// (so <c>example.com</c> also matches <c>example.com:5000</c>, as upstream notes); a wildcard
    /// <c>*.example.com</c> matches any subdomain in the host part.
    /// </summary>
    /// <param name="reference">A registry, repository namespace, repository or image reference starting with a host.</param>
    /// <param name="prefix">A registries.conf prefix.</param>
    public static int Match(string reference, string prefix)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(prefix);
        if (prefix.StartsWith("*.", StringComparison.Ordinal))
        {
            return MatchSubdomain(reference, prefix);
        }

        if (reference.Length < prefix.Length || !reference.StartsWith(prefix, StringComparison.Ordinal))
        {
            return -1;
        }

        if (reference.Length == prefix.Length)
        {
            return prefix.Length;
        }

        return reference[prefix.Length] is ':' or '/' or '@' ? prefix.Length : -1;
    }

    private static int MatchSubdomain(string reference, string prefix)
    {
        var suffix = prefix.AsSpan(1); // ".example.com"
        var index = reference.AsSpan().IndexOf(suffix, StringComparison.Ordinal);
        if (index < 0 || reference.AsSpan(0, index).Contains('/'))
        {
            return -1;
        }

        index += suffix.Length;
        if (index == reference.Length)
        {
            return index;
        }

        return reference[index] is ':' or '/' or '@' ? index : -1;
    }
}

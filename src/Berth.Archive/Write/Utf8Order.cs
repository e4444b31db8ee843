namespace Berth.Archive;

/// <summary>
/// Orders names by their UTF-8 bytes, as Go's sort of file names does, so layers list entries in the order podman's
/// do. UTF-16 order differs only where a supplementary character (a surrogate pair) meets U+E000–U+FFFF.
/// </summary>
internal sealed class Utf8Order : IComparer<string>
{
    public static readonly Utf8Order Instance = new();

    public int Compare(string? x, string? y)
    {
        if (x is null || y is null)
        {
            return x is null ? (y is null ? 0 : -1) : 1;
        }

        var n = Math.Min(x.Length, y.Length);
        for (var i = 0; i < n; i++)
        {
            var a = x[i];
            var b = y[i];
            if (a == b)
            {
                continue;
            }

            var surrogateA = char.IsSurrogate(a);
            if (surrogateA == char.IsSurrogate(b))
            {
                return a.CompareTo(b);
            }

            return surrogateA ? 1 : -1;
        }

        return x.Length.CompareTo(y.Length);
    }
}
